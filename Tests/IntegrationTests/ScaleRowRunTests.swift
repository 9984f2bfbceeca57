import NamespaceCore
import Scenarios
import Testing

/// The row "several containers on one server" for real: the shipped features.yaml's small
/// density ramps keep 100 containers at once on cbench-app and on cbench-system, and the
/// first and the 100th are seen from the host in namespaces of their own.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct ScaleRowRunTests {
    @Test(arguments: [("several-containers", "cbench-app"), ("several-system-containers", "cbench-system")])
    func aHundredRunAtOnceEachIsolated(scenario: String, target: String) throws {
        let run = try FeatureRowRun(scenario, feature: ScaleRow.feature, targets: [target])
        #expect(run.cells[target]?.outcome == .supported, "\(run.shown(target))")
        #expect(run.cells[target]?.evidence.contains("100 of 100 running at once") == true)
        #expect(run.cells[target]?.evidence.contains("the two share none of the pid, mnt, net, uts, ipc namespaces") == true)
        let definition = run.document.scenarios.flatMap(\.features).first { $0.name == ScaleRow.feature }
        #expect(definition?.group == "scale" && definition?.references["article (2015): LXC"] == "yes")
    }
}
