import NamespaceCore
import Scenarios
import Testing

/// The row "snapshots and clones" for real: on cbench-app (commit and create) and
/// cbench-system (clone) the clone runs with the original's file and its change stays out
/// of the original; runc has no clone of its own.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct SnapshotCloneRunTests {
    @Test func aCloneRunsWithTheOriginalsRootAndKeepsItsChanges() throws {
        let run = try FeatureRowRun("snapshots-clones", feature: "snapshots and clones", targets: FeatureRowsRunTests.targets + ["runc"])
        for target in FeatureRowsRunTests.targets {
            #expect(run.cells[target]?.outcome == .supported, "\(run.shown(target))")
            #expect(run.cells[target]?.evidence.contains("original, started again after the clone ran: cbench-persisted 2") == true)
        }
        #expect(run.cells["runc"]?.outcome == .notApplicable, "\(run.shown("runc"))")
    }
}
