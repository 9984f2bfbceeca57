import Checkpoints
import Testing
@testable import Targets

/// cbench-system as a lab target, without a lab: pre-copy moves between lab hosts like the
/// other strategies, so its cell is skipped only for what the host lacks, in the kernel's words.
@Suite struct SystemContainerTargetLabTests {
    let target = SystemContainerTarget(context: TargetContext(workDirectory: "/tmp/w", stateRoot: "/run/cbench/engine/1", smokeRootfs: "/r"))

    @Test func preCopyIsSkippedOnlyWithTheKernelsReason() {
        let said = target.labMigrationSupport(.preCopy)
        if case .unsupported(let reason) = target.checkpointSupport() {
            #expect(said == reason)
            return
        }
        let features = MigrationHostCheck().features()
        #expect(said == features.unsupportedReason(.preCopy))
        if !features.memoryTracking {
            #expect(said?.contains("criu check --feature mem_dirty_track") == true, "\(String(describing: said))")
        }
        #expect(said?.contains("across hosts") != true, "\(String(describing: said))")
    }
}
