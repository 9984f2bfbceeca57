import NamespaceCore
import Results
import Testing
@testable import Scenarios
@testable import Targets

/// `seccomp: none` in a density scenario: what the app containers are started with, and what
/// the density row says each target's containers carry.
struct DensitySeccompTests {
    let context = TargetContext(workDirectory: "/tmp/w", stateRoot: "/run/cbench/engine/1", smokeRootfs: "/r")

    func idleArguments(_ seccomp: WorkloadSeccomp) -> [String] {
        let idle = IdleContainer(kind: .app, rootfs: "/r", seccomp: seccomp)
        let container = PreparedContainer(id: "d1", bundle: "/tmp/w/app-cli-d1", cgroupPath: "", workload: idle.appWorkload)
        return DockerStyleArguments.readOnlyRoot(AppCLITarget(context: context).runArguments(container, detached: true))
    }

    @Test func cbenchAppRunsTheIdleContainerUnconfinedOnlyWhenAsked() {
        let unconfined = idleArguments(.disabled).joined(separator: " ")
        #expect(unconfined.contains("--security-opt seccomp=unconfined"), "\(unconfined)")
        #expect(unconfined.hasPrefix("run --read-only -d --name d1"))
        #expect(!idleArguments(.targetDefault).contains("--security-opt"))
    }

    @Test func theRowNamesTheFilterEachTargetsContainersCarry() {
        let app = AppCLITarget(context: context)
        let crun = OCICLITarget(name: "crun", executable: "crun", context: context)
        #expect(DensityRecording.seccompFilter(of: app, asked: .targetDefault) == .text(AppContainerTarget.appTraits.defaultFilter ?? ""))
        #expect(DensityRecording.seccompFilter(of: crun, asked: .targetDefault) == .text("none"), "runc spec's config has no seccomp section")
        #expect(DensityRecording.seccompFilter(of: app, asked: .disabled) == .text("none (seccomp: none)"))
    }
}
