import AppContainers
import Foundation
import NamespaceCore
import Testing
@testable import Targets

/// What the targets' network placements compute before running anything: where a veth
/// container stands on a network across hosts, the config lines saying so, the bridge names,
/// and how a command reaches a lab host.
@Suite struct NetworkPlacementTests {
    func network(_ driver: AppNetworkDriver) throws -> AppNetwork {
        var network = AppNetwork(name: "pair-1", id: "0123456789abcdef", subnet: try #require(IPv4Prefix("10.78.0.0/24")),
                                 gateway: IPv4Address(10, 78, 0, 1))
        network.driver = driver
        network.peers = ["10.251.0.2", "10.251.0.3"]
        network.vni = 42
        return network
    }

    func crossHost(_ driver: AppNetworkDriver) throws -> (CrossHostNetwork, NetworkSite, NetworkSite) {
        let (first, second) = (NetworkSite.lab("lab1", address: "10.251.0.2"), NetworkSite.lab("lab2", address: "10.251.0.3"))
        let definition = try network(driver)
        let layouts = [
            "lab1": try MultiHostLayout(network: definition, localAddresses: [IPv4Address(10, 251, 0, 2)]),
            "lab2": try MultiHostLayout(network: definition, localAddresses: [IPv4Address(10, 251, 0, 3)]),
        ]
        return (CrossHostNetwork(name: "pair-1", layouts: layouts, bridges: ["lab1": "cbench012345678", "lab2": "cbench012345678"]), first, second)
    }

    /// Each host hands out its own half of the /24; a veth container takes the last address
    /// of its host's half, far from cbench-app's first ones.
    @Test func vethContainersTakeTheLastAddressOfTheirHostsBlock() throws {
        let (overlay, lab1, lab2) = try crossHost(.overlay)
        #expect(try overlay.vethAddress(on: lab1).description == "10.78.0.126/24", "on the overlay the whole subnet is on the link")
        #expect(try overlay.vethAddress(on: lab2).description == "10.78.0.254/24")
        #expect(overlay.mtu(on: lab1) == 1450 && overlay.routes(on: lab1).isEmpty)
        let (routed, _, other) = try crossHost(.routed)
        #expect(try routed.vethAddress(on: other).description == "10.78.0.254/25", "routed: only the block is on the link")
        #expect(routed.routes(on: other) == [NetlinkRoute(destination: try #require(IPv4Prefix("10.78.0.0/24")), gateway: IPv4Address(10, 78, 0, 129))])
        #expect(routed.mtu(on: other) == nil)
        #expect(throws: CoreError.self) { try routed.vethAddress(on: .local) }
    }

    @Test func vethLinesAreLXCConfig() throws {
        let attachment = VethAttachment(bridge: "cbench012345678", address: try #require(IPv4Prefix("10.78.0.126/24")), mtu: 1450, routes: [])
        #expect(attachment.lxcLines == ["lxc.net.0.type = veth", "lxc.net.0.link = cbench012345678", "lxc.net.0.name = eth0",
                                        "lxc.net.0.flags = up", "lxc.net.0.ipv4.address = 10.78.0.126/24", "lxc.net.0.mtu = 1450"])
        let config = LXCTarget.config(id: "c", workload: ContainerWorkload(args: ["sleep", "1"], rootfs: "/r"), directory: "/d", cgroupPath: "cbench/x",
                                      network: attachment.lxcLines)
        #expect(config.contains("lxc.net.0.mtu = 1450\n") && !config.contains("lxc.net.0.type = empty"))
        #expect(LXCTarget.config(id: "c", workload: ContainerWorkload(args: [], rootfs: "/r"), directory: "/d", cgroupPath: "x").contains("lxc.net.0.type = empty"))
    }

    @Test func pairBridgesCarryTheProjectPrefixAndFitTheKernelsNames() {
        let name = Leftovers.linkPrefix + "d" + LocalBridgeSubnet.hash("cbench-123456-99")
        #expect(name.count == 15 && name.hasPrefix("cbench"))
        #expect(LocalBridgeSubnet.hash("a") != LocalBridgeSubnet.hash("b"))
    }

    /// A lab host's command goes through `cbench lab exec`; the environment rides along.
    @Test func commandsReachTheirSite() throws {
        #expect(try NetworkSite.local.commandLine(["true"]) == ["true"])
        #expect(try NetworkSite.local.commandLine(["cbench", "app"], environment: ["B": "2", "A": "1"]) == ["env", "A=1", "B=2", "cbench", "app"])
        let lab = try NetworkSite.lab("lab2", address: "10.251.0.3").commandLine(["lxc-info", "-n", "x"])
        #expect(Array(lab.dropFirst()) == ["lab", "exec", "lab2", "--", "lxc-info", "-n", "x"])
        let request = NetworkPairRequest(placement: .overlay, client: .lab("lab1", address: "10.251.0.2"), server: .lab("lab2", address: "10.251.0.3"),
                                         id: "1", rootfs: "/r", subnet: "10.78.0.0/24")
        #expect(request.peers == ["10.251.0.2", "10.251.0.3"])
    }
}
