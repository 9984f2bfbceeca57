import NamespaceCore
import Scenarios
import Testing

/// The row "layered images shared" for real: two cbench-app containers of one image are
/// overlays over the same inode of its layer; cbench-system, whose default is a copy per
/// container, is measured with `create --snapshot`: overlays over the template's root.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct LayeredImageRunTests {
    @Test func twoContainersOfOneImageShareItsLayer() throws {
        let run = try FeatureRowRun("layers-shared", feature: "layered images shared", targets: FeatureRowsRunTests.targets)
        #expect(run.cells["cbench-app"]?.outcome == .supported, "\(run.shown("cbench-app"))")
        #expect(run.cells["cbench-app"]?.evidence.contains("root overlay, lowerdir") == true, "\(run.shown("cbench-app"))")
        #expect(run.cells["cbench-system"]?.outcome == .supported, "\(run.shown("cbench-system"))")
        #expect(run.cells["cbench-system"]?.evidence.contains("how: cbench system create --snapshot") == true, "\(run.shown("cbench-system"))")
    }
}
