import Foundation
import NamespaceCore
import Scenarios
import Targets
import Testing

/// The `cbench-app` scenario target: the probe in a default app container, as the engine
/// drives it, and a long-lived container started and stopped.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct AppContainerTargetTests {
    @Test func probeRunsInADefaultAppContainerAndNothingStays() throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        let state = "/run/cbench/apptest-target-\(getpid())"
        defer {
            try? FileManager.default.removeItem(atPath: work)
            try? FileManager.default.removeItem(atPath: state)
            rmdir("/run/cbench")
        }
        let target = AppContainerTarget(context: TargetContext(workDirectory: work, stateRoot: state,
                                                               smokeRootfs: ScenarioTestSupport.busyboxRootfs))
        guard case .available = target.availability() else {
            Issue.record("cbench-app is not available")
            return
        }
        let workload = ContainerWorkload(args: ["/cbench-probe"], rootfs: ScenarioTestSupport.busyboxRootfs, probe: ProbeLocator.find())
        let prepared = try target.prepare(workload, id: "apptarget-\(getpid())")
        defer { target.cleanup(prepared) }
        let run = try target.run(prepared)
        #expect(run.exit == .exited(0), "\(run.stderr)")
        #expect(run.phases.map(\.name) == ["create", "exit", "delete"])
        let report = try ProbeReport.decode(run.stdout)
        #expect(report.uid == 0)
        #expect(report.interfaceNames == ["lo"])
        #expect(!FileManager.default.fileExists(atPath: "\(work)/app-store/names/\(prepared.id)"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(work)/app-store/containers")) ?? []).isEmpty)
    }

    @Test func startUntilRunningThenStop() throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        let state = "/run/cbench/apptest-target-\(getpid())"
        defer {
            try? FileManager.default.removeItem(atPath: work)
            try? FileManager.default.removeItem(atPath: state)
            rmdir("/run/cbench")
        }
        let target = AppContainerTarget(context: TargetContext(workDirectory: work, stateRoot: state,
                                                               smokeRootfs: ScenarioTestSupport.busyboxRootfs))
        let workload = ContainerWorkload(args: ["sleep", "1000"], rootfs: ScenarioTestSupport.busyboxRootfs)
        let prepared = try target.prepare(workload, id: "appsleep-\(getpid())")
        defer { target.cleanup(prepared) }
        let started = try target.startUntilRunning(prepared)
        #expect(started.phases.map(\.name) == ["create"])
        let stopped = try target.stop(prepared)
        #expect(stopped.phases.map(\.name) == ["stop"])
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(work)/app-store/containers")) ?? []).isEmpty)
    }
}
