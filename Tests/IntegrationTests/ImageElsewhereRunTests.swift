import NamespaceCore
import Scenarios
import Testing

/// The row "image from a container, run elsewhere" for real: cbench app commit, save and load
/// into a second store, and cbench system export and import into a second store, each run
/// there with the first run's file in its root; runc has no images of its own.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct ImageElsewhereRunTests {
    @Test func theImageRunsElsewhereWithTheChange() throws {
        let run = try FeatureRowRun("image-elsewhere", feature: "image from a container, run elsewhere", targets: FeatureRowsRunTests.targets + ["runc"])
        for target in FeatureRowsRunTests.targets {
            #expect(run.cells[target]?.outcome == .supported, "\(run.shown(target))")
            #expect(run.cells[target]?.evidence.contains("new container from the image, elsewhere: cbench-persisted 2") == true, "\(run.shown(target))")
            #expect(run.cells[target]?.evidence.contains("second store") == true, "\(run.shown(target))")
        }
        #expect(run.cells["runc"]?.outcome == .notApplicable, "\(run.shown("runc"))")
    }
}
