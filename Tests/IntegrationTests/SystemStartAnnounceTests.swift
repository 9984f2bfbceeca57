import Foundation
import Testing
import NamespaceCore

/// A started system container announces its addresses: a peer (the host, through the bridge)
/// that holds another container's MAC for the address takes the new one at once, with no
/// traffic of its own. Before this its entry kept the old MAC until it failed, and a lab move
/// of cbench-system after one of cbench-app waited ~40 s for its first answer.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemStartAnnounceTests {
    @Test func aHostEntryWithAnotherContainersMACLearnsTheStartedOne() throws {
        let h = try SystemTestHarness("sarp")
        defer { h.tearDown() }
        // Made by hand so it outlives the first container (destroy keeps a bridge it did not
        // make), with its MAC fixed: a MAC that follows its ports changes as ports come and go,
        // and each change empties the host's neighbour table on it.
        let bridge = "cbenchn\(h.suffix.prefix(8))"
        let subnet = "10.209.\(UInt8.random(in: 100...250))"
        let address = "\(subnet).20"
        let ip = HostCommandRunner()
        try #require(ip.run(["ip", "link", "add", bridge, "type", "bridge"])?.status == 0)
        defer { _ = ip.run(["ip", "link", "del", bridge]) }
        try #require(ip.run(["ip", "link", "set", bridge, "address", "02:cb:00:00:00:01"])?.status == 0)
        try #require(ip.run(["ip", "addr", "add", "\(subnet).1/24", "dev", bridge])?.status == 0)
        try #require(ip.run(["ip", "link", "set", bridge, "up"])?.status == 0)
        // A port of its own keeps the bridge's carrier when the first container's goes: a bridge
        // without ports loses it, and the kernel then empties its neighbour table.
        let (keeper, keeperPeer) = ("cbenchk\(h.suffix.prefix(7))", "cbenchl\(h.suffix.prefix(7))")
        try #require(ip.run(["ip", "link", "add", keeper, "type", "veth", "peer", "name", keeperPeer])?.status == 0)
        defer { _ = ip.run(["ip", "link", "del", keeper]) }
        try #require(ip.run(["ip", "link", "set", keeper, "master", bridge, "up"])?.status == 0)
        try #require(ip.run(["ip", "link", "set", keeperPeer, "up"])?.status == 0)

        let first = try create(h, "first", bridge: bridge, address: address, mac: "02:00:00:0a:0a:0a")
        try h.startBooted(first)
        // The first container talks to the host: the host's entry for the address holds its MAC.
        #expect(try h.system(["attach", first, "--", "ping", "-c", "1", "-W", "2", "\(subnet).1"]).status == 0)
        #expect(neighbour(address, bridge).contains("02:00:00:0a:0a:0a"), "\(neighbour(address, bridge))")
        let firstPid = try h.pid(first)
        #expect(try h.system(["destroy", "--force", first]).status == 0)
        if let firstPid { h.reap(firstPid) }

        let second = try create(h, "second", bridge: bridge, address: address, mac: "02:00:00:0b:0b:0b")
        let start = try h.system(["start", second])
        try #require(start.status == 0, "start: \(start.stderr)")
        let entry = neighbour(address, bridge)
        #expect(entry.contains("lladdr 02:00:00:0b:0b:0b"), "the host's entry right after the start, before any traffic of its own: \(entry)")
        #expect(!start.stderr.contains("announce"), "\(start.stderr)")

        let secondPid = try h.pid(second)
        #expect(try h.system(["destroy", "--force", second]).status == 0)
        if let secondPid { h.reap(secondPid) }
        for name in [first, second] { #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))") }
    }

    func create(_ h: SystemTestHarness, _ base: String, bridge: String, address: String, mac: String) throws -> String {
        let name = h.name(base)
        let config = "\(h.store)/.\(base).conf"
        try ("""
            lxc.net.0.type = veth
            lxc.net.0.link = \(bridge)
            lxc.net.0.ipv4.address = \(address)/24
            lxc.net.0.hwaddr = \(mac)
            lxc.net.0.flags = up

            """ + BusyboxPing.systemConfig).write(toFile: config, atomically: false, encoding: .utf8)
        let create = try h.system(["create", name, "--template", "busybox", "--config", config])
        try #require(create.status == 0, "create: \(create.stderr)")
        return name
    }

    func neighbour(_ address: String, _ bridge: String) -> String {
        HostCommandRunner().run(["ip", "-4", "neigh", "show", address, "dev", bridge])?.output ?? ""
    }
}
