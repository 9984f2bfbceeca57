#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// A stop-and-copy move between lab hosts sends the pages to lab2's page server and holds the
/// source frozen, its host veth down, until the copy runs there. When lab2's restore fails (its
/// cgroup is taken there; lab2 prepares the restore before the source freezes, so the move
/// fails there, before the freeze), the source runs on in lab1: its link up, its counter
/// going, and nothing of it is left on lab2.
@Suite(.hostLeakCheck, .serialized, .enabled(if: LabTestSupport.canRun, "needs root and sshd"))
struct MigrationLabRollbackTests {
    /// Every v1 hierarchy's (or the unified one's) directory of system container `s`, as lab2 sees them.
    static let takeCgroup = "for c in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do [ -e \"$c/cgroup.procs\" ] && mkdir -p \"$c/cbench/system-s\"; done; true"
    static let freeCgroup = "for c in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do rmdir \"$c/cbench/system-s\" 2>/dev/null; rmdir \"$c/cbench\" 2>/dev/null; done; true"

    @Test func aMoveWhoseRestoreFailsThereLeavesTheSourceRunningHereWithItsLinkUp() throws {
        try LabTestSupport.withLab(hosts: 2) {
            try MigrationLabPostCopyTests.bridge("cbenchrb0", on: ["lab1", "lab2"])
            try LabCounterContainer.start(config: "lxc.net.0.type = veth\nlxc.net.0.link = cbenchrb0\nlxc.net.0.flags = up\nlxc.net.0.ipv4.address = 10.79.0.120/24\n")
            defer { _ = try? LabTestSupport.inLab("lab1", "cbench", "system", "destroy", "s", "--force") }
            let before = try #require(try LabCounterContainer.countAbove(1, on: "lab1"), "the counter never counted on lab1")
            #expect(try LabTestSupport.inLab("lab2", "sh", "-c", Self.takeCgroup).status == 0)
            defer { _ = try? LabTestSupport.inLab("lab2", "sh", "-c", Self.freeCgroup) }

            let moved = try LabTestSupport.inLab("lab1", "cbench", "system", "migrate", "s", "--to", "lab2")
            #expect(moved.status != 0, "the move succeeded although lab2's cgroup was taken: \(moved.output)")
            #expect(moved.output.contains("restore") && moved.output.contains("the source is running"), "\(moved.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "system", "info", "s").status != 0, "nothing of s is left on lab2")
            let after = try LabCounterContainer.countAbove(before, on: "lab1")
            #expect(after != nil, "the counter does not go on from \(before) on lab1 after the failed move")
            let links = try LabTestSupport.inLab("lab1", "ip", "-o", "link", "show", "master", "cbenchrb0").output
            #expect(links.contains("veth") || links.contains("@"), "s's host link is on the bridge: \(links)")
            #expect(links.contains(",UP") && !links.contains("state DOWN"), "s's host link is up again: \(links)")
        }
    }
}
