import NamespaceCore
import Scenarios
import Testing

/// The rows "resource limits enforced" for real on cbench-app and cbench-system: a 64 MB
/// limit OOM-kills the probe's child, a pids limit of 32 stops its fork bomb with EAGAIN, a
/// 0.1-CPU quota throttles its spinning children, each as the probe saw it inside.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct ResourceLimitRunTests {
    @Test func eachLimitHoldsWhatTheProbePushes() throws {
        let run = try FeatureRowRun("resource-limits", feature: "resource limits: memory (OOM kill at the limit)", targets: FeatureRowsRunTests.targets)
        for (feature, evidence) in [("resource limits: memory (OOM kill at the limit)", "killed by SIGKILL after"),
                                    ("resource limits: pids (a fork bomb held)", "then fork failed with EAGAIN"),
                                    ("resource limits: CPU quota (throttled share)", "periods throttled")] {
            for target in FeatureRowsRunTests.targets {
                let cell = run.document.features.first { $0.feature == feature && $0.target == target }
                #expect(cell?.outcome == .supported, "\(feature) on \(target): \(cell?.detail ?? "missing") \(cell?.evidence ?? "")")
                #expect(cell?.evidence.contains(evidence) == true, "\(feature) on \(target): \(cell?.evidence ?? "missing")")
            }
        }
    }

    /// LXC's containers see no cpu.stat: the host reads the payload cgroup (lxc.payload.NAME,
    /// where the quota is), which LXC removes before lxc.pivot beside it, so the cell must come
    /// from the payload's last reading (a whole-tree last reading saw only the pivot: no period).
    @Test func lxcsCPUQuotaIsReadFromItsPayloadCgroup() throws {
        let feature = "resource limits: CPU quota (throttled share)"
        let run = try FeatureRowRun("resource-limits", feature: feature, targets: ["lxc"])
        let cell = run.cells["lxc"]
        #expect(cell?.outcome == .supported, "\(run.shown("lxc"))")
        #expect(cell?.evidence.contains("from the host, ") == true && cell?.evidence.contains("/lxc.payload.") == true, "\(run.shown("lxc"))")
    }
}
