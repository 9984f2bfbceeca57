import Foundation
import Results
import Synchronization
import Testing
@testable import Scenarios

/// The security-defaults sub-rows judged from fixed probe output: a blocked attempt is
/// "supported", one that got through is "not supported" with what it reached, and the host's
/// core_pattern is put back when a container changed it.
struct SecurityDefaultRowTests {
    func report(_ name: String, _ outcome: String, errno: String? = nil, signal: String? = nil, detail: String) throws -> ProbeReport {
        let errnoText = errno.map { "\"\($0)\"" } ?? "null"
        let signalText = signal.map { ",\"signal\":\"\($0)\"" } ?? ""
        return try ProbeReport.decode(#"{"escapes":{"\#(name)":{"outcome":"\#(outcome)","errno":\#(errnoText)\#(signalText),"detail":"\#(detail)"}}}"#)
    }

    @Test func aBlockedOpenByHandleIsSupported() throws {
        let row = SecurityDefaultRow(.openByHandle)
        let cell = row.judge(try report("open_by_handle_at", "blocked", errno: "EPERM", detail: "open_by_handle_at refused (through /)"), target: "docker")
        #expect(cell.outcome == .supported)
        #expect(cell.feature == "security defaults block: opening a host path by handle (open_by_handle_at)")
        #expect(cell.evidence.contains("cbench-probe --escape open_by_handle_at (the target's defaults): blocked (EPERM)"))
    }

    /// The check fails when the defence is absent: the host's root reached is "not supported".
    @Test func reachingTheHostRootIsNotSupported() throws {
        let detail = "opened the host's root directory (dev 254:0 inode 2) by handle through the mount at /: bin boot etc"
        let cell = SecurityDefaultRow(.openByHandle).judge(try report("open_by_handle_at", "reached", detail: detail), target: "lxc")
        #expect(cell.outcome == .notSupported)
        #expect(cell.evidence.contains(detail))
        #expect(cell.detail?.hasPrefix("it got through") == true)
    }

    @Test func aSeccompKillIsBlocked() throws {
        let cell = SecurityDefaultRow(.keyring).judge(try report("keyring", "blocked", signal: "SIGSYS", detail: "killed"), target: "t")
        #expect(cell.outcome == .supported)
        #expect(cell.evidence.contains("killed by SIGSYS"))
    }

    @Test func aPermittedCallWithNothingInReachIsPartial() throws {
        let cell = SecurityDefaultRow(.openByHandle).judge(try report("open_by_handle_at", "permitted", errno: "ESTALE", detail: "reached nothing"), target: "t")
        #expect(cell.outcome == .partial)
    }

    /// An attempt that was not tried, or is missing from the report, decides nothing.
    @Test func anUntriedOrMissingAttemptFailsToMeasure() throws {
        let untried = SecurityDefaultRow(.mknodBlock).judge(try report("mknod_block", "untried", detail: "no writable directory"), target: "t")
        #expect(untried.outcome == .failed)
        let missing = SecurityDefaultRow(.rawSocket).judge(try report("keyring", "blocked", detail: "x"), target: "t")
        #expect(missing.outcome == .failed)
        #expect(missing.evidence.contains("no attempt raw_socket"))
    }

    @Test func everyAttemptHasItsOwnRowKeyAndProbeName() {
        let rows = SecurityDefaultRow.all
        #expect(rows.count == 12)
        #expect(Set(rows.map(\.key)).count == 12 && Set(rows.map(\.feature)).count == 12)
        #expect(rows.first?.key == "security-open-by-handle-at")
        #expect(ProbedFeatureRows.named("security-cwd-proc-fd") != nil)
        #expect(rows.allSatisfy { $0.group == "security" })
    }

    @Test func theProbeIsAskedForTheAttemptWithTheHostRoot() throws {
        let setup = FeatureRowSetup(dataDirectory: "/data", busyboxRootfs: "/rootfs", note: { _ in })
        let workload = try SecurityDefaultRow(.loadModule).container(setup)
        #expect(workload.rootfs == "/rootfs")
        #expect(Array(workload.args.prefix(5)) == ["/mnt/cbench-probe", "--only", "none", "--escape", "load_module"])
        #expect(workload.args.dropLast().last == "--host-root")
        #expect(workload.args.last?.split(separator: ":").count == 2)
    }

    /// A container that changed core_pattern: the harness writes the host's value back and
    /// says so in the evidence; an unchanged value is left alone.
    @Test func aChangedCorePatternIsRestored() throws {
        let host = Mutex<String>("core\n")
        let writes = Mutex<[String]>([])
        let guardian = HostCorePattern(read: { host.withLock { $0 } }, write: { value in
            writes.withLock { $0.append(value) }
            host.withLock { $0 = value }
        })
        let row = SecurityDefaultRow(.corePattern, hostCorePattern: guardian)
        let setup = FeatureRowSetup(dataDirectory: "/data", busyboxRootfs: "/rootfs", note: { _ in })
        _ = try row.container(setup)
        host.withLock { $0 = "cbench-probe-core\n" }
        let probe = try report("core_pattern", "reached", detail: "the host's core_pattern \\\"core\\\" became \\\"cbench-probe-core\\\"; restored by the probe: NO")
        let cell = row.judge(probe, target: "lxc")
        #expect(cell.outcome == .notSupported)
        #expect(writes.withLock { $0 } == ["core"])
        #expect(cell.evidence.contains("the harness wrote back \"core\": restored"))
        row.finish()
        #expect(writes.withLock { $0 }.count == 1)
        let unchanged = row.judge(try report("core_pattern", "blocked", errno: "EROFS", detail: "read-only"), target: "docker")
        #expect(unchanged.outcome == .supported)
        #expect(unchanged.evidence.contains("after the run: \"core\" (unchanged)"))
    }

    /// A row that failed (no judge ran) is still put right by `finish`.
    @Test func finishRestoresAfterAFailedRun() {
        let host = Mutex<String>("|/usr/lib/systemd-coredump %P")
        let guardian = HostCorePattern(read: { host.withLock { $0 } }, write: { value in host.withLock { $0 = value } })
        guardian.save()
        host.withLock { $0 = "cbench-probe-core" }
        SecurityDefaultRow(.corePattern, hostCorePattern: guardian).finish()
        #expect(host.withLock { $0 } == "|/usr/lib/systemd-coredump %P")
    }
}
