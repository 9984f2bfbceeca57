#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import Testing
import NamespaceCore
import SystemContainers

/// Pre-copy between lab hosts on a kernel without soft-dirty tracking (this one: no
/// CONFIG_MEM_SOFT_DIRTY): `cbench system migrate --strategy pre-copy` is refused before
/// anything starts on either host, in one line naming `criu check --feature mem_dirty_track`;
/// the source counts on in lab1 and nothing of it is on lab2. A kernel that tracks dirty memory
/// runs pre-copy instead, so the suite is for the others.
@Suite(.hostLeakCheck, .serialized, .enabled(if: LabTestSupport.canRun, "needs root and sshd"),
       .enabled(if: CheckpointHost.criu && !MigrationHostCheck().features().memoryTracking,
                "needs criu and a kernel without soft-dirty tracking (one with it runs pre-copy)"))
struct MigrationLabPreCopyRefusalTests {
    @Test func preCopyIsRefusedInOneLineNamingTheKernelsReasonAndTheSourceRunsOn() throws {
        try LabTestSupport.withLab(hosts: 2) {
            try MigrationLabPostCopyTests.bridge("cbenchpr0", on: ["lab1", "lab2"])
            try MigrationLabPostCopyTests.startCounter(bridge: "cbenchpr0")
            defer { _ = try? LabTestSupport.inLab("lab1", "cbench", "system", "destroy", "s", "--force") }
            let before = try #require(try LabCounterContainer.countAbove(1, on: "lab1"), "the counter never counted on lab1")

            let moved = try LabTestSupport.inLab("lab1", "cbench", "system", "migrate", "s", "--to", "lab2", "--strategy", "pre-copy")
            #expect(moved.status != 0, "the pre-copy move succeeded on a kernel without soft-dirty tracking: \(moved.output)")
            let lines = moved.output.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count == 1, "one line: \(moved.output)")
            #expect(moved.output.contains("pre-copy") && moved.output.contains("criu check --feature mem_dirty_track"), "\(moved.output)")

            #expect(try LabTestSupport.inLab("lab2", "cbench", "system", "info", "s").status != 0, "nothing of s is on lab2")
            let left = try LabTestSupport.inLab("lab2", "sh", "-c", "ls -A \(SystemStore.defaultRoot) \(SystemStore.defaultRunRoot)-images 2>/dev/null")
            #expect(!left.output.split(separator: "\n").contains("s"), "lab2 holds s's store or images: \(left.output)")
            #expect(try LabCounterContainer.countAbove(before, on: "lab1") != nil, "the counter does not go on from \(before) on lab1")
            let links = try LabTestSupport.inLab("lab1", "ip", "-o", "link", "show", "master", "cbenchpr0").output
            #expect(links.contains(",UP") && !links.contains("state DOWN"), "s's host link is up: \(links)")
        }
    }
}
