import Foundation
import Testing
import NamespaceCore

/// veth networking of system containers: two containers on a bridge of their own reach each
/// other and the bridge; the host ends go on stop, the bridge with the last container.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemVethTests {
    @Test func twoContainersOnABridgeReachEachOther() throws {
        let h = try SystemTestHarness("veth")
        defer { h.tearDown() }
        let bridge = "cbenchb\(h.suffix.prefix(8))"
        let subnet = "10.210.\(UInt8.random(in: 100...250))"
        defer { _ = HostCommandRunner().run(["ip", "link", "del", bridge]) }
        var names: [String] = []
        for index in 1...2 {
            let name = h.name("veth\(index)")
            let config = "\(h.store)/.net\(index).conf"
            try ("""
                lxc.net.0.type = veth
                lxc.net.0.link = \(bridge)
                lxc.net.0.ipv4.address = \(subnet).1\(index)/24
                lxc.net.0.ipv4.gateway = \(subnet).1
                lxc.net.0.hwaddr = 02:00:00:xx:xx:xx
                lxc.net.0.flags = up

                """ + BusyboxPing.systemConfig).write(toFile: config, atomically: false, encoding: .utf8)
            let create = try h.system(["create", name, "--template", "busybox", "--config", config])
            try #require(create.status == 0, "create: \(create.stderr)")
            try h.startBooted(name)
            names.append(name)
        }
        #expect(try h.system(["info", names[0]]).stdout.contains("IP: \(subnet).11/24"))
        #expect(try h.attach(names[0], ["ls", "/sys/class/net"]).split(separator: "\n").sorted() == ["eth0", "lo"])
        #expect(try h.attach(names[0], ["cat", "/sys/class/net/eth0/address"]).hasPrefix("02:00:00:"))
        #expect(try h.system(["attach", names[0], "--", "ping", "-c", "1", "-W", "2", "\(subnet).12"]).status == 0)
        #expect(try h.system(["attach", names[1], "--", "ping", "-c", "1", "-W", "2", "\(subnet).1"]).status == 0)
        // No route leaves the bridge's subnet.
        #expect(!(try h.attach(names[0], ["ip", "route"])).contains("default"))
        #expect(hostLinks(master: bridge).count == 2)

        #expect(try h.stop(names[0]).status == 0)
        #expect(hostLinks(master: bridge).count == 1)
        #expect(try h.system(["destroy", names[0]]).status == 0)
        #expect(linkExists(bridge), "another container still uses the bridge")
        let pid = try h.pid(names[1])
        #expect(try h.system(["destroy", "--force", names[1]]).status == 0)
        if let pid { h.reap(pid) }
        #expect(!linkExists(bridge), "the last container took the bridge with it")
        for name in names { #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))") }
    }

    @Test func aBridgeNotOfTheProjectIsRefusedBeforeAnythingIsMade() throws {
        let h = try SystemTestHarness("vethbad")
        defer { h.tearDown() }
        let name = h.name("vethbad")
        let config = "\(h.store)/.bad.conf"
        try "lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\n".write(toFile: config, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", name, "--template", "busybox", "--config", config]).status == 0)
        let start = try h.system(["start", name])
        #expect(start.status != 0)
        #expect(start.stderr.contains("must be named cbench"), "\(start.stderr)")
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    /// A bridge that was there before the container (made by hand here) stays when the last
    /// container on it is destroyed: destroy only removes bridges a start made.
    @Test func aBridgeItDidNotMakeSurvivesDestroy() throws {
        let h = try SystemTestHarness("vethown")
        defer { h.tearDown() }
        let bridge = "cbenchu\(h.suffix.prefix(8))"
        let ip = HostCommandRunner()
        try #require(ip.run(["ip", "link", "add", bridge, "type", "bridge"])?.status == 0)
        defer { _ = ip.run(["ip", "link", "del", bridge]) }
        let name = h.name("vethown")
        let config = "\(h.store)/.own.conf"
        try "lxc.net.0.type = veth\nlxc.net.0.link = \(bridge)\nlxc.net.0.flags = up\n".write(toFile: config, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", name, "--template", "busybox", "--config", config]).status == 0)
        try h.startBooted(name)
        #expect(hostLinks(master: bridge).count == 1)
        let pid = try h.pid(name)
        #expect(try h.system(["destroy", "--force", name]).status == 0)
        if let pid { h.reap(pid) }
        #expect(linkExists(bridge), "destroy deleted a bridge it did not make")
        #expect(hostLinks(master: bridge).isEmpty)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    func linkExists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: "/sys/class/net/\(name)") }

    func hostLinks(master bridge: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net/\(bridge)/brif")) ?? []
    }
}
