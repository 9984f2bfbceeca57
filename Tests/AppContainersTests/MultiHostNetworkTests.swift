import Testing
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import NamespaceCoreTesting
@testable import AppContainers

@Suite struct MultiHostNetworkTests {
    func network(_ driver: AppNetworkDriver, peers: [String] = ["10.251.0.2", "10.251.0.3", "10.251.0.4"]) throws -> AppNetwork {
        var network = AppNetwork(name: "ov", id: "0123456789abcdef", subnet: try #require(IPv4Prefix("10.78.0.0/24")),
                                 gateway: IPv4Address(10, 78, 0, 1))
        network.driver = driver
        network.peers = peers
        network.vni = driver == .overlay ? 42 : nil
        return network
    }

    /// Three hosts cut a /24 into /26 blocks in peer order; each host's bridge takes its
    /// block's first address, so no two hosts hand out the same address.
    @Test func blocksFollowPeerOrder() throws {
        let layout = try MultiHostLayout(network: try network(.overlay), localAddresses: [IPv4Address(10, 251, 0, 3)])
        #expect(layout.localIndex == 1)
        #expect(layout.blockLength == 26)
        #expect((0..<3).map { layout.block($0).description } == ["10.78.0.0/26", "10.78.0.64/26", "10.78.0.128/26"])
        #expect(layout.bridgeAddress.description == "10.78.0.65/24", "overlay: the whole subnet is on the link")
        #expect(layout.remotePeers.map(\.description) == ["10.251.0.2", "10.251.0.4"])
        #expect(layout.containerMTU == 1450)
        #expect(layout.hostRoutes.isEmpty && layout.containerRoutes.isEmpty)
        var pool = AddressPool(subnet: layout.localBlock, gateway: layout.bridgeAddress.address)
        #expect(try pool.allocate(network: "ov") == IPv4Address(10, 78, 0, 66))
    }

    @Test func routedRoutesOtherBlocksThroughTheirHosts() throws {
        let layout = try MultiHostLayout(network: try network(.routed, peers: ["10.251.0.2", "10.251.0.3"]),
                                         localAddresses: [IPv4Address(127, 0, 0, 1), IPv4Address(10, 251, 0, 2)])
        #expect(layout.bridgeAddress.description == "10.78.0.1/25")
        #expect(layout.containerPrefixLength == 25)
        #expect(layout.containerRoutes == [NetlinkRoute(destination: try #require(IPv4Prefix("10.78.0.0/24")), gateway: IPv4Address(10, 78, 0, 1))])
        #expect(layout.hostRoutes == [NetlinkRoute(destination: try #require(IPv4Prefix("10.78.0.128/25")), gateway: IPv4Address(10, 251, 0, 3))])
        #expect(layout.containerMTU == nil)
    }

    @Test func aHostThatIsNoPeerOrTooManyPeersIsAnError() throws {
        #expect { _ = try MultiHostLayout(network: try network(.overlay), localAddresses: [IPv4Address(192, 0, 2, 2)]) }
            throws: { "\($0)".contains("none of its peers (10.251.0.2, 10.251.0.3, 10.251.0.4) is an address of this host") }
        var small = try network(.overlay, peers: (2...9).map { "10.251.0.\($0)" })
        small.subnet = "10.78.0.0/28"
        #expect(throws: CoreError.self) { _ = try MultiHostLayout(network: small, localAddresses: [IPv4Address(10, 251, 0, 2)]) }
        #expect(MultiHostLayout.defaultVNI(name: "ov") == MultiHostLayout.defaultVNI(name: "ov"))
        #expect(MultiHostLayout.defaultVNI(name: "ov") != MultiHostLayout.defaultVNI(name: "ov2"))
        #expect((1...0xff_ffff).contains(MultiHostLayout.defaultVNI(name: "")))
    }

    /// The overlay's data plane through the fake: bridge with its address, a VXLAN port (VNI,
    /// local underlay address, port 4789) with one flood entry per other peer, on the bridge.
    @Test func overlayDataPlaneRequests() throws {
        let network = try network(.overlay)
        let book = LinkBook()
        let socket = RecordingNetlinkSocket(responder: book.answer)
        let store = AppNetworkStore(root: "/nonexistent", hostPrefixes: FixedHostPrefixes([]))
        let networking = AppNetworking(store: store, host: RouteNetlink(socket: socket), containerNetlink: { _ in throw CoreError(stage: "unused") })
        let layout = try #require(try networking.multiHostLayout(of: network))
        try networking.ensureDataPlane(network, layout: layout)
        let types = socket.requests.map(\.type)
        #expect(types.filter { $0 == 28 }.count == 2, "two flood entries (RTM_NEWNEIGH)")
        let vxlan = try #require(socket.requests.first { request in
            request.type == Netlink.newLink && NetlinkAttribute.decode(request.payload[16...]).first(Netlink.linkName)?.stringValue == "cbenchx01234567"
        })
        let data = try #require(NetlinkAttribute.decode(vxlan.payload[16...]).first(Netlink.linkInfo)?.nestedAttributes.first(Netlink.linkInfoData))
        #expect(data.nestedAttributes.first(Netlink.vxlanID)?.uint32Value == 42)
        #expect(data.nestedAttributes.first(Netlink.vxlanLocal)?.value == [10, 251, 0, 3])
        let flood = try #require(socket.requests.first { $0.type == 28 })
        #expect(flood.payload[0] == 7, "AF_BRIDGE")
        #expect(NetlinkAttribute.decode(flood.payload[12...]).first(1)?.value == [10, 251, 0, 2])
        #expect(!types.contains(Netlink.newRoute))
    }

    /// Links exist once created; the fake host's address is 10.251.0.3.
    final class LinkBook: @unchecked Sendable {
        var created: Set<String> = []
        func answer(_ request: NetlinkMessage) -> [NetlinkMessage] {
            let name = NetlinkAttribute.decode(request.payload.dropFirst(16)).first(Netlink.linkName)?.stringValue ?? ""
            if request.type == Netlink.newLink, request.flags & Netlink.create != 0 { created.insert(name) }
            if request.type == Netlink.getLink, name.hasPrefix("cbench"), !created.contains(name) {
                return [NetlinkMessage.errorReply(to: request, errno: ENODEV)]
            }
            return MultiHostNetworkTests.answer(request)
        }
    }

    /// The fake host has 10.251.0.3; every link asked for exists.
    static func answer(_ request: NetlinkMessage) -> [NetlinkMessage] {
        switch request.type {
        case Netlink.getAddress:
            let header = AddressInfoMessage(prefixLength: 24, index: 2).encoded()
            let attributes = NetlinkAttribute.encode([NetlinkAttribute(type: Netlink.addressLocal, value: [10, 251, 0, 3])])
            return [NetlinkMessage(type: Netlink.newAddress, flags: Netlink.multi, payload: header + attributes),
                    NetlinkMessage.doneReply(to: request)]
        case Netlink.getLink:
            let name = NetlinkAttribute.decode(request.payload[16...]).first(Netlink.linkName)?.stringValue ?? ""
            return [NetlinkLink(index: 5, name: name).message(), NetlinkMessage.errorReply(to: request)]
        default:
            return [NetlinkMessage.errorReply(to: request)]
        }
    }
}
