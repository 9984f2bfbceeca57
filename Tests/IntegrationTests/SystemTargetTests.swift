import Foundation
import NamespaceCore
import Scenarios
import Targets
import Testing

/// The `cbench-system` scenario target: a busybox system container booted, probed through
/// attach and halted, as the engine drives it.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct SystemTargetTests {
    @Test func probeThroughAttachShowsAnUnprivilegedIsolatedSystemContainer() throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        let state = "/run/cbench/test-system-target-\(getpid())"
        defer {
            try? FileManager.default.removeItem(atPath: work)
            try? FileManager.default.removeItem(atPath: state)
            ProjectDirectories.removeIfEmpty([state])
        }
        let context = TargetContext(workDirectory: work, stateRoot: state, smokeRootfs: ScenarioTestSupport.busyboxRootfs)
        let target = SystemContainerTarget(context: context)
        guard case .available = target.availability() else {
            Issue.record("cbench-system is not available")
            return
        }
        let workload = ContainerWorkload(args: ["/cbench-probe"], rootfs: ScenarioTestSupport.busyboxRootfs,
                                         probe: ProbeLocator.find(), userNamespace: true)
        let id = "systarget-\(getpid())"
        let prepared = try target.prepare(workload, id: id)
        defer { target.cleanup(prepared) }
        let run = try target.run(prepared)
        #expect(run.exit == .exited(0), "\(run.stderr)")
        #expect(run.phases.map(\.name) == ["boot", "command", "halt"])
        let report = try ProbeReport.decode(run.stdout)
        #expect(report.uid == 0)
        #expect(report.uidMappings.first?.hostID == ContainerWorkload.userNamespaceHostID)
        #expect(report.interfaceNames == ["lo"])
        #expect(report.pid1Comm == "init")
        target.cleanup(prepared)
        #expect(!FileManager.default.fileExists(atPath: "\(work)/system-store/\(id)"))
        #expect(!FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/cbench/system-\(id)"))
    }
}
