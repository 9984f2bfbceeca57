import NamespaceCore
import Scenarios
import Testing

/// The row "persistent root" for real: the count a container wrote in its root is there
/// when the same container starts again, on cbench-app and cbench-system; runc refuses to
/// start its stopped container.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct PersistentRootRunTests {
    @Test func aFileWrittenInsideSurvivesStopAndStart() throws {
        let run = try FeatureRowRun("persistent-root", feature: "persistent root", targets: FeatureRowsRunTests.targets + ["runc"])
        for target in FeatureRowsRunTests.targets {
            #expect(run.cells[target]?.outcome == .supported, "\(run.shown(target))")
            #expect(run.cells[target]?.evidence.contains("second run of the same container: cbench-persisted 2") == true)
        }
        #expect(run.cells["runc"]?.outcome == .notSupported, "\(run.shown("runc"))")
        #expect(run.cells["runc"]?.evidence.contains("start of the stopped container refused") == true)
    }
}
