#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// Real rtnetlink, as root: two simulated hosts (network namespaces) joined by a bridge that
/// lives in a third namespace, so the host's own root namespace is never touched. iproute2
/// checks from outside what the netlink code made, then everything is removed.
@Suite(.hostLeakCheck, .enabled(if: getuid() == 0, "needs root to create network namespaces"))
struct NetlinkNetworkTests {
    private let suffix = String(getpid())
    private let shell = HostCommandRunner()

    private func ip(_ arguments: String...) -> HostCommandResult {
        shell.run(["ip"] + arguments) ?? HostCommandResult(status: 127, output: "ip not installed")
    }

    /// One echo request from inside `namespace`: iputils ping, or busybox's where it is missing.
    private func ping(from namespace: NetworkNamespace, _ address: String) -> HostCommandResult {
        let hasPing = ["/usr/bin/ping", "/bin/ping"].contains { (path: String) in access(path, X_OK) == 0 }
        let command = hasPing ? ["ping"] : ["busybox", "ping"]
        return shell.run(["ip", "netns", "exec", namespace.name] + command + ["-c1", "-W1", address])
            ?? HostCommandResult(status: 127, output: "ip not installed")
    }

    @Test func bridgeTwoVethPairsAndPing() throws {
        let bridgeSide = NetworkNamespace(name: "cbench-nlbr-\(suffix)")
        let host1 = NetworkNamespace(name: "cbench-t1-\(suffix)")
        let host2 = NetworkNamespace(name: "cbench-t2-\(suffix)")
        let all = [bridgeSide, host1, host2]
        // Deleting the namespaces deletes every link in them (a veth goes with either end).
        defer { for namespace in all { try? namespace.delete() } }
        for namespace in all { try NetworkNamespace.create(named: namespace.name) }
        #expect(all.allSatisfy { $0.exists })

        let bridge = try bridgeSide.routeNetlink()
        try bridge.createBridge(named: "cbenchbr0")
        try bridge.setUp("cbenchbr0")

        // Host 1: the peer is created directly in its namespace.
        let fd1 = try host1.openDescriptor()
        defer { close(fd1) }
        try bridge.createVethPair(named: "cbench1h", peer: "cbench1c", peerNamespace: .descriptor(fd1))
        // Host 2: created here, then moved, to exercise RTM_NEWLINK with IFLA_NET_NS_FD.
        let fd2 = try host2.openDescriptor()
        defer { close(fd2) }
        try bridge.createVethPair(named: "cbench2h", peer: "cbench2c")
        try bridge.moveLink("cbench2c", to: .descriptor(fd2))
        #expect(try bridge.link(named: "cbench2c") == nil)

        for end in ["cbench1h", "cbench2h"] {
            try bridge.setMaster(end, master: "cbenchbr0")
            try bridge.setUp(end)
        }
        let bridgeIndex = try bridge.index(of: "cbenchbr0")
        let ports = try bridge.links().filter { $0.masterIndex == bridgeIndex }.map(\.name).sorted()
        #expect(ports == ["cbench1h", "cbench2h"])

        for (namespace, address, link) in [(host1, "10.209.0.1/24", "cbench1c"), (host2, "10.209.0.2/24", "cbench2c")] {
            let netlink = try namespace.routeNetlink()
            try netlink.setMTU(link, mtu: 1400)
            try netlink.setMACAddress(link, try #require(MACAddress("02:cb:00:00:00:0\(link.dropFirst(6).prefix(1))")))
            try netlink.addAddress(try #require(IPv4Prefix(address)), to: link)
            try netlink.setUp(link)
            try netlink.setUp("lo")
            let made = try #require(try netlink.link(named: link))
            #expect(made.isUp && made.mtu == 1400 && made.kind == "veth")
        }

        #expect(try host2.routeNetlink().addresses(of: "cbench2c").map(\.address.description) == ["10.209.0.2/24"])

        // What iproute2 sees.
        let addresses = ip("-n", host1.name, "-o", "addr", "show", "dev", "cbench1c")
        #expect(addresses.output.contains("inet 10.209.0.1/24"), "\(addresses.output)")
        let details = ip("-n", host2.name, "-d", "link", "show", "cbench2c")
        #expect(details.output.contains("mtu 1400") && details.output.contains("02:cb:00:00:00:02")
                && details.output.contains("veth"), "\(details.output)")
        let bridged = ip("-n", bridgeSide.name, "-o", "link", "show", "master", "cbenchbr0")
        #expect(bridged.output.contains("cbench1h") && bridged.output.contains("cbench2h"), "\(bridged.output)")

        let ping = ping(from: host1, "10.209.0.2")
        #expect(ping.status == 0, "\(ping.output)")

        // A route to another subnet through host 2, then removed; a default route is refused.
        let netlink1 = try host1.routeNetlink()
        let route = NetlinkRoute(destination: try #require(IPv4Prefix("10.210.0.0/16")), gateway: IPv4Address(10, 209, 0, 2))
        try netlink1.addRoute(route)
        #expect(ip("-n", host1.name, "route").output.contains("10.210.0.0/16 via 10.209.0.2 dev cbench1c"))
        let duplicate = #expect(throws: CoreError.self) { try netlink1.addRoute(route) }
        #expect(duplicate?.errno == EEXIST)
        try netlink1.deleteRoute(route)
        #expect(!ip("-n", host1.name, "route").output.contains("10.210.0.0"))
        #expect(throws: CoreError.self) {
            try netlink1.addRoute(NetlinkRoute(destination: IPv4Prefix(IPv4Address(0, 0, 0, 0), length: 0),
                                               gateway: IPv4Address(10, 209, 0, 2)))
        }
        #expect(!ip("-n", host1.name, "route").output.contains("default"))

        try netlink1.deleteAddress(try #require(IPv4Prefix("10.209.0.1/24")), from: "cbench1c")
        #expect(!ip("-n", host1.name, "addr").output.contains("10.209.0.1"))

        // Deleting one end of a veth deletes the other, in whichever namespace it is.
        try bridge.deleteLink(named: "cbench1h")
        #expect(try netlink1.link(named: "cbench1c") == nil)
        try bridge.deleteLink(named: "cbenchbr0")
        #expect(try bridge.link(named: "cbenchbr0") == nil)

        for namespace in all { try namespace.delete() }
        #expect(!all.contains { $0.exists })
        let listed = ip("netns", "list").output
        #expect(!all.contains { listed.contains($0.name) }, "\(listed)")
        #expect(!ip("-o", "link").output.contains("cbench"))
    }

    @Test func vxlanBetweenTwoSimulatedHosts() throws {
        let host1 = NetworkNamespace(name: "cbench-vx1-\(suffix)")
        let host2 = NetworkNamespace(name: "cbench-vx2-\(suffix)")
        defer { try? host1.delete(); try? host2.delete() }
        try NetworkNamespace.create(named: host1.name)
        try NetworkNamespace.create(named: host2.name)
        let fd2 = try host2.openDescriptor()
        defer { close(fd2) }
        let one = try host1.routeNetlink()
        let two = try host2.routeNetlink()
        // The "wire" between the two hosts, then a vxlan over it on each side.
        try one.createVethPair(named: "cbenchul", peer: "cbenchul", peerNamespace: .descriptor(fd2))
        for (netlink, own, other, overlay) in [(one, "192.168.209.1", "192.168.209.2", "10.211.0.1/24"),
                                               (two, "192.168.209.2", "192.168.209.1", "10.211.0.2/24")] {
            try netlink.addAddress(try #require(IPv4Prefix(own + "/24")), to: "cbenchul")
            try netlink.setUp("cbenchul")
            try netlink.createVxlan(named: "cbenchvx0", options: .init(
                id: 209, local: IPv4Address(own), remote: IPv4Address(other), underlyingLink: "cbenchul"))
            try netlink.addAddress(try #require(IPv4Prefix(overlay)), to: "cbenchvx0")
            try netlink.setUp("cbenchvx0")
            #expect(try netlink.link(named: "cbenchvx0")?.kind == "vxlan")
        }
        let details = ip("-n", host1.name, "-d", "link", "show", "cbenchvx0")
        #expect(details.output.contains("vxlan id 209 remote 192.168.209.2 local 192.168.209.1 dev cbenchul")
                && details.output.contains("dstport 4789"), "\(details.output)")
        let ping = ping(from: host1, "10.211.0.2")
        #expect(ping.status == 0, "\(ping.output)")

        try host1.delete()
        try host2.delete()
        #expect(!ip("netns", "list").output.contains("cbench-vx"))
    }

    @Test func namesOutsideTheProjectAreRefused() {
        #expect(throws: CoreError.self) { try NetworkNamespace.create(named: "blue") }
        #expect(throws: CoreError.self) { try NetworkNamespace.create(named: "cbench-a/b") }
    }
}
