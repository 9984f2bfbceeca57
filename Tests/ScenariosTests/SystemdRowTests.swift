import Foundation
import Results
import Testing
@testable import Scenarios

/// "Real init with several services" from the init's name, systemd's state and the active services.
struct SystemdRowTests {
    let row = SystemdRow()

    @Test func runningWithTwoServicesIsSupported() {
        let cell = row.judge(target: "lxc", means: "m", initName: "systemd", state: "running",
                             services: ["cbench-booted.service", "systemd-journald.service"])
        #expect(cell.outcome == .supported)
        #expect(cell.evidence.contains("$ systemctl is-system-running --wait\nrunning\n"))
        #expect(cell.evidence.hasSuffix("cbench-booted.service\nsystemd-journald.service"))
    }

    /// The check fails when the init is no systemd, or boots degraded.
    @Test func anotherInitIsNotSupportedAndADegradedBootIsPartial() {
        let other = row.judge(target: "x", means: "m", initName: "sleep", state: "offline", services: [])
        #expect(other.outcome == .notSupported)
        #expect(other.detail == "systemd does not run as the container's init (pid 1 is sleep)")
        let degraded = row.judge(target: "x", means: "m", initName: "systemd", state: "degraded",
                                 services: ["systemd-journald.service", "dbus.service"])
        #expect(degraded.outcome == .partial)
        #expect(degraded.detail == "systemd boots to \"degraded\" with 2 services active")
        let lonely = row.judge(target: "x", means: "m", initName: "systemd", state: "running", services: ["systemd-journald.service"])
        #expect(lonely.outcome == .partial)
    }

    @Test func systemdThatNeverBootsIsNotSupported() {
        let cell = row.judge(target: "x", means: "m", initName: "systemd", state: "Failed to connect to bus: No such file or directory", services: [])
        #expect(cell.outcome == .notSupported)
    }

    @Test func aGoneInitIsNotSupportedWithItsOutput() {
        let cell = row.judge(target: "runc", means: "m", initName: nil, state: "the container's init is gone; its output: Failed to mount cgroup", services: [])
        #expect(cell.outcome == .notSupported)
        #expect(cell.evidence.contains("Failed to mount cgroup"))
    }
}

/// How long systemd's bus took is said in the evidence, before systemctl's answer.
struct SystemdRowWaitEvidenceTests {
    @Test func aWaitForTheBusIsInTheEvidence() {
        let cell = SystemdRow().judge(target: "podman-crun", means: "m", initName: "systemd", state: "running",
                                      services: ["a.service", "b.service"], waited: "systemd's bus answered on ask 4")
        #expect(cell.outcome == .supported)
        #expect(cell.evidence.contains("init (pid 1 inside), its executable: systemd\nsystemd's bus answered on ask 4\n$ systemctl is-system-running --wait\nrunning"))
    }
}
