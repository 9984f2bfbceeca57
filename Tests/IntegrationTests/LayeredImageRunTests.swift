import NamespaceCore
import Scenarios
import Testing

/// The row "layered images shared" for real: two cbench-app containers of one image are
/// overlays over the same inode of its layer; cbench-system boots each container from its
/// own copy of the template's root, and the inodes say so.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct LayeredImageRunTests {
    @Test func twoContainersOfOneImageShareItsLayer() throws {
        let run = try FeatureRowRun("layers-shared", feature: "layered images shared", targets: FeatureRowsRunTests.targets)
        #expect(run.cells["cbench-app"]?.outcome == .supported, "\(run.shown("cbench-app"))")
        #expect(run.cells["cbench-app"]?.evidence.contains("root overlay, lowerdir") == true, "\(run.shown("cbench-app"))")
        #expect(run.cells["cbench-system"]?.outcome == .notSupported, "\(run.shown("cbench-system"))")
        #expect(run.cells["cbench-system"]?.detail?.contains("each container has its own copy") == true, "\(run.shown("cbench-system"))")
    }
}
