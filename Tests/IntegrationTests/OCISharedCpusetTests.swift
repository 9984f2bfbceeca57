import Foundation
import Glibc
import NamespaceCore
import Testing

/// The shared v1 cpuset group (`SharedCpuset`) through the built cbench-oci: containers that
/// ask for no cpuset join one group; `update --cpuset-cpus` gives one of them a group of its
/// own with its process moved in, and the shared group goes when its last user is deleted.
/// Judged by the host's /proc/PID/cpuset and the cpuset files.
enum SharedCpusetHost {
    /// The mount point of a v1 hierarchy that holds cpuset alone (where containers share one).
    static var cpusetRoot: String? {
        guard let host = try? CgroupHost.current(), host.mode != .v2 else { return nil }
        return host.layout.v1Hierarchies.first { $0.controllers == ["cpuset"] }?.mountPoint
    }
}

@Suite(.hostLeakCheck, .serialized,
       .enabled(if: OCITestHarness.available && SharedCpusetHost.cpusetRoot != nil,
                "needs root, a built cbench-oci, the busybox rootfs and a v1 hierarchy of cpuset alone"))
struct OCISharedCpusetTests {
    /// The cpuset cgroup of `pid` below the hierarchy's root, e.g. `/cbench-cpus-0123`.
    static func cpuset(of pid: Int32) -> String {
        FileIO.contents("/proc/\(pid)/cpuset").trimmingWhitespace()
    }

    @Test func updateGivesASharingContainerItsOwnGroupAndTheLastUserRemovesTheShared() throws {
        let root = try #require(SharedCpusetHost.cpusetRoot)
        let h = try OCITestHarness("shared-cpuset")
        defer { h.tearDown() }
        let first = h.id("one"), second = h.id("two")
        let bundle = try h.bundle("b", args: ["sleep", "600"])
        var firstPid: Int32 = 0, secondPid: Int32 = 0
        defer {
            if secondPid > 0 { h.removeForcibly(second, reaping: [secondPid]) }
            if firstPid > 0 { h.removeForcibly(first, reaping: [firstPid]) }
        }
        firstPid = try h.runDetached(first, bundle: bundle)
        secondPid = try h.runDetached(second, bundle: bundle)

        let shared = Self.cpuset(of: firstPid)
        #expect(shared.hasPrefix("/" + SharedCpuset.namePrefix), "a container with no cpuset of its own: \(shared)")
        #expect(Self.cpuset(of: secondPid) == shared, "both containers of one store share one group")
        #expect(FileManager.default.fileExists(atPath: root + shared))

        let updated = try h.oci(["update", "--cpuset-cpus", "0", first])
        #expect(updated.status == 0, "update --cpuset-cpus: \(updated.stderr)")
        let own = Self.cpuset(of: firstPid)
        #expect(own == "/cbench/oci-\(first)", "after the update the first runs in its own group: \(own)")
        #expect(FileIO.contents(root + own + "/cpuset.cpus").trimmingWhitespace() == "0")
        #expect(Self.cpuset(of: secondPid) == shared, "the other container stays in the shared group")
        #expect(FileIO.contents(root + shared + "/cgroup.procs").trimmingWhitespace() == String(secondPid))

        // The shared group's last user leaves: the group goes with it.
        let deleted = h.runReaping([h.binary, "--root", h.stateRoot, "delete", "--force", second], pids: [secondPid])
        #expect(deleted.exit == .exited(0), "delete --force \(second): \(deleted.stderr)")
        secondPid = 0
        #expect(!FileManager.default.fileExists(atPath: root + shared), "the shared group outlived its last user")
        #expect(Self.cpuset(of: firstPid) == own, "deleting the other container left the first where it was")

        let removed = h.runReaping([h.binary, "--root", h.stateRoot, "delete", "--force", first], pids: [firstPid])
        #expect(removed.exit == .exited(0), "delete --force \(first): \(removed.stderr)")
        firstPid = 0
        #expect(!FileManager.default.fileExists(atPath: root + own), "the container's own cpuset group outlived it")
    }
}
