import NamespaceCore
import Scenarios
import Testing

/// The row "unprivileged: container root on an unprivileged host uid" for real: cbench-app
/// and cbench-system map container root to host uid 100000, by default or with their own
/// option, as the host sees their init.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct UnprivilegedRootRunTests {
    @Test func containerRootIsAnUnprivilegedHostUID() throws {
        let run = try FeatureRowRun("unprivileged-root", feature: "unprivileged: container root on an unprivileged host uid",
                                    targets: FeatureRowsRunTests.targets)
        for target in FeatureRowsRunTests.targets {
            #expect(run.cells[target]?.outcome == .supported, "\(run.shown(target))")
            #expect(run.cells[target]?.evidence.contains("init's uid on the host 100000; uid_map 0 100000 65536") == true, "\(run.shown(target))")
        }
    }
}
