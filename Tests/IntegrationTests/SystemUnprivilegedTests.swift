import Foundation
import NamespaceCore
import Scenarios
import SystemContainers
import Testing

/// A default container maps root to host uid 100000 (`lxc.idmap` from root's subordinate ids,
/// as LXD does). The rootfs is shifted to it once
/// (`CBENCH_SYSTEM_IDMAP=shift`, or where idmapped mounts are refused), or stays owned by host
/// root and the init starts from an idmapped mount of it.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemUnprivilegedTests {
    @Test func probeShowsRootMappedTo100000() throws {
        let probe = try #require(ProbeLocator.find())
        var h = try SystemTestHarness("userns")
        h.environmentOverrides["CBENCH_SYSTEM_IDMAP"] = "shift"
        defer { h.tearDown() }
        let name = h.name("userns")
        try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
        let rootfs = "\(h.store)/\(name)/rootfs"
        try? FileManager.default.removeItem(atPath: "\(rootfs)/cbench-probe")
        try FileManager.default.copyItem(atPath: probe, toPath: "\(rootfs)/cbench-probe")
        try h.startBooted(name)

        let report = try JSONDecoder().decode(ProbeReport.self, from: Data(try h.attach(name, ["/cbench-probe"]).utf8))
        #expect(report.uid == 0)
        #expect(report.uidMap == [[0, 100000, 65536]], "\(String(describing: report.uidMap))")
        let owner = try FileManager.default.attributesOfItem(atPath: "\(rootfs)/etc/inittab")
        #expect((owner[.ownerAccountID] as? NSNumber)?.uint32Value == 100000)
        let pid = try #require(try h.pid(name))
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        #expect(status.split(separator: "\n").contains { $0.hasPrefix("Uid:") && $0.contains("100000") }, "init runs as host uid 100000")
        // Writes from inside belong to the mapped ids on the host; they survive a restart.
        _ = try h.attach(name, ["sh", "-c", "echo kept > /root-file"])
        let file = try FileManager.default.attributesOfItem(atPath: "\(rootfs)/root-file")
        #expect((file[.ownerAccountID] as? NSNumber)?.uint32Value == 100000)
        #expect(try h.stop(name).status == 0)
        try h.startBooted(name)
        #expect(try h.attach(name, ["cat", "/root-file"]) == "kept\n")
        let metadata = try String(contentsOfFile: "\(h.store)/\(name)/cbench.json", encoding: .utf8)
        #expect(metadata.contains("ownershipShiftMilliseconds"), "\(metadata)")
        #expect(try h.stop(name).status == 0)
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    @Test func anIdmappedRootLeavesTheFilesToHostRoot() throws {
        let h = try SystemTestHarness("idmap")
        defer { h.tearDown() }
        let name = h.name("idmap")
        try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
        let rootfs = "\(h.store)/\(name)/rootfs"
        try h.startBooted(name)
        let state = SystemStore(root: h.store, runRoot: h.runRoot).loadState(of: name)
        try #require(state?.rootIdmapped == true, "this kernel and file system take idmapped mounts: \(String(describing: state))")
        let pid = try #require(try h.pid(name))
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        #expect(status.split(separator: "\n").contains { $0.hasPrefix("Uid:") && $0.contains("100000") }, "init runs as host uid 100000")
        #expect(try h.attach(name, ["stat", "-c", "%u", "/etc/inittab"]) == "0\n", "root-owned inside")
        _ = try h.attach(name, ["sh", "-c", "echo kept > /root-file"])
        for path in ["etc/inittab", "root-file"] {
            let owner = try FileManager.default.attributesOfItem(atPath: "\(rootfs)/\(path)")
            #expect((owner[.ownerAccountID] as? NSNumber)?.uint32Value == 0, "\(path) stays owned by host root")
        }
        let mountinfo = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        #expect(!mountinfo.contains("\(h.runRoot)/\(name)/rootfs"), "the host's copy of the mount is gone")
        #expect(try h.stop(name).status == 0)
        try h.startBooted(name)
        #expect(try h.attach(name, ["cat", "/root-file"]) == "kept\n")
        #expect(try h.stop(name).status == 0)
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }
}
