import Foundation
import Results
import Testing
@testable import Scenarios

/// The rows beyond isolation, judged from fixed probe output: each verdict, and that the
/// check says "no" (or "failed to measure") when the feature is absent.
struct FeatureRowTests {
    let host = OSReleaseFields(id: "debian", versionID: "12", prettyName: "Debian GNU/Linux 12 (bookworm)")

    func report(_ json: String) throws -> ProbeReport { try ProbeReport.decode(json) }

    func osRelease(_ id: String, _ version: String, _ pretty: String) -> String {
        #""os_release":{"id":"\#(id)","version_id":"\#(version)","pretty_name":"\#(pretty)","path":"/etc/os-release"}"#
    }

    func run(_ command: String, exit: Int? = 0, errno: String? = nil, output: String = "") -> String {
        let errnoText = errno.map { "\"\($0)\"" } ?? "null"
        let exitText = exit.map(String.init) ?? "null"
        return #""runs":[{"command":"\#(command)","errno":\#(errnoText),"exit":\#(exitText),"timed_out":false,"output":"\#(output)"}]"#
    }

    @Test func anOlderDebianWhoseBinaryRunsIsSupported() throws {
        let row = DistributionRow(guest: .debian(.bullseye), host: host)
        let probe = try report("{\(osRelease("debian", "11", "Debian GNU/Linux 11 (bullseye)")),\(run("/usr/bin/dpkg --version", output: "Debian 'dpkg' version 1.20.13"))}")
        let cell = row.judge(probe, target: "docker")
        #expect(cell.outcome == .supported)
        #expect(cell.feature == "another distribution: Debian bullseye (older)")
        #expect(cell.evidence.contains("inside: Debian GNU/Linux 11 (bullseye) (ID=debian, VERSION_ID=11"))
        #expect(cell.evidence.contains("host: Debian GNU/Linux 12 (bookworm)"))
        #expect(cell.evidence.contains("$ /usr/bin/dpkg --version\nexit 0\nDebian 'dpkg' version 1.20.13"))
    }

    /// A container that shows the host's own root is no other distribution.
    @Test func theHostsOwnDistributionIsNotSupported() throws {
        let row = DistributionRow(guest: .debian(.trixie), host: host)
        let probe = try report("{\(osRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)")),\(run("/usr/bin/dpkg --version"))}")
        let cell = row.judge(probe, target: "runc")
        #expect(cell.outcome == .notSupported)
        #expect(cell.detail?.contains("host's own distribution") == true)
    }

    /// A target that boots another root than the one asked for answers nothing.
    @Test func anotherRootThanTheOneAskedForFailsToMeasure() throws {
        let row = DistributionRow(guest: .debian(.bullseye), host: host)
        let probe = try report("{\(osRelease("cbench-busybox", "1.35.0", "cbench busybox 1.35.0")),\(run("/usr/bin/dpkg --version", exit: 1))}")
        let cell = row.judge(probe, target: "cbench-system")
        #expect(cell.outcome == .failed)
        #expect(cell.detail?.contains("not the Debian root asked for (VERSION_ID 11)") == true)
    }

    @Test func aDebianRootWithoutOSReleaseIsNotSupported() throws {
        let row = DistributionRow(guest: .debian(.trixie), host: host)
        let cell = row.judge(try report("{\"os_release\":null,\(run("/usr/bin/dpkg --version"))}"), target: "runc")
        #expect(cell.outcome == .notSupported)
    }

    @Test func aGuestBinaryThatDoesNotRunIsPartial() throws {
        let row = DistributionRow(guest: .debian(.trixie), host: host)
        let probe = try report("{\(osRelease("debian", "13", "Debian GNU/Linux 13 (trixie)")),\(run("/usr/bin/dpkg --version", exit: nil, errno: "ENOENT"))}")
        let cell = row.judge(probe, target: "crun")
        #expect(cell.outcome == .partial)
        #expect(cell.detail?.contains("execve: ENOENT") == true)
    }

    @Test func busyboxWithoutOSReleaseIsSupportedWhenItsBinaryRuns() throws {
        let row = DistributionRow(guest: .busybox, host: host)
        let cell = row.judge(try report("{\"os_release\":null,\(run("/bin/busybox --help", output: "BusyBox v1.35.0"))}"), target: "lxc")
        #expect(cell.outcome == .supported)
        #expect(cell.evidence.contains("inside: no /etc/os-release"))
        let failed = row.judge(try report("{\"os_release\":null,\(run("/bin/busybox --help", exit: 1))}"), target: "lxc")
        #expect(failed.outcome == .partial)
    }

    @Test func hostOSReleaseParsesQuotedValues() {
        let fields = OSReleaseFields.parse("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID='12'\n")
        #expect(fields == host)
    }

    @Test func aWindowsProgramRefusedByTheKernelIsNotSupported() throws {
        let cell = WindowsRow().judge(try report(#"{"exec_pe":[{"path":"/mnt/hello-windows.exe","ok":false,"errno":"ENOEXEC"}]}"#), target: "podman-crun")
        #expect(cell.outcome == .notSupported)
        #expect(cell.evidence.contains("execve(/mnt/hello-windows.exe) of a 1024-byte PE32+ x86-64 console program: ENOEXEC"))
    }

    /// With a binfmt_misc handler the PE file would run: the row then says so.
    @Test func aWindowsProgramThatRunsIsSupported() throws {
        let cell = WindowsRow().judge(try report(#"{"exec_pe":[{"path":"/mnt/hello-windows.exe","ok":true,"errno":null}]}"#), target: "t")
        #expect(cell.outcome == .supported)
    }

    /// A PE file that was not there decides nothing.
    @Test func aMissingWindowsProgramFailsToMeasure() throws {
        let missing = WindowsRow().judge(try report(#"{"exec_pe":[{"path":"/mnt/hello-windows.exe","ok":false,"errno":"ENOENT"}]}"#), target: "t")
        #expect(missing.outcome == .failed)
        #expect(WindowsRow().judge(try report("{}"), target: "t").outcome == .failed)
    }

    @Test func unreadableProbeOutputFailsToMeasure() {
        let cell = ProbedFeatureRows.judge(WindowsRow(), output: "exec format error", target: "docker")
        #expect(cell.outcome == .failed)
        #expect(cell.evidence == "exec format error")
    }

    @Test func thePEFileIsAWellFormedX8664ConsoleProgram() {
        let bytes = WindowsExecutable.bytes
        func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func le32(_ at: Int) -> Int { le16(at) | le16(at + 2) << 16 }
        #expect(bytes.count == 1024)
        #expect(Array(bytes[0..<2]) == Array("MZ".utf8))
        let pe = le32(0x3C)
        #expect(Array(bytes[pe..<pe + 4]) == Array("PE".utf8) + [0, 0])
        #expect(le16(pe + 4) == 0x8664)
        #expect(le16(pe + 6) == 1)
        let optional = pe + 24
        #expect(le16(pe + 20) == 240)
        #expect(le16(optional) == 0x20B)
        #expect(le32(optional + 16) == 0x1000)
        #expect(le16(optional + 68) == 3)
        let section = optional + 240
        #expect(Array(bytes[section..<section + 5]) == Array(".text".utf8))
        let raw = le32(section + 20)
        #expect(Array(bytes[raw..<raw + 3]) == [0x31, 0xC0, 0xC3])
    }

    @Test func everyRowHasAKeyOfItsOwn() {
        #expect(Array(ProbedFeatureRows.keys.prefix(4)) == ["distribution-bullseye", "distribution-trixie", "distribution-busybox", "windows"])
        #expect(Set(ProbedFeatureRows.keys).count == ProbedFeatureRows.keys.count)
        #expect(Set(ProbedFeatureRows.all.map(\.feature)).count == ProbedFeatureRows.all.count)
    }
}

/// Checkpoint and restore on one host, judged from what the counter showed.
struct CheckpointRowTests {
    @Test func aCounterThatGoesOnAfterTheRestoreIsSupported() {
        let cell = CheckpointRow.judge(target: "runc", before: 15, stillRunning: false, after: 16, later: 18, checkpointMs: 120, restoreMs: 170)
        #expect(cell.outcome == .supported)
        #expect(cell.feature == "checkpoint/restore on one host")
        #expect(cell.evidence.contains("count before the checkpoint: 15\nafter the checkpoint: the container ran no more\nafter the restore: count 16, then 18"))
    }

    /// A restore that starts afresh lost the state: the row must not call that a restore.
    @Test func aCounterThatStartsAgainIsPartial() {
        let cell = CheckpointRow.judge(target: "t", before: 15, stillRunning: false, after: 1, later: 3, checkpointMs: 1, restoreMs: 1)
        #expect(cell.outcome == .partial)
        #expect(cell.detail?.contains("the state did not come back") == true)
    }

    @Test func aContainerThatKeepsRunningOrDoesNotCountOnIsPartial() {
        #expect(CheckpointRow.judge(target: "t", before: 15, stillRunning: true, after: 20, later: 21, checkpointMs: 1, restoreMs: 1).outcome == .partial)
        #expect(CheckpointRow.judge(target: "t", before: 15, stillRunning: false, after: 16, later: nil, checkpointMs: 1, restoreMs: 1).outcome == .partial)
        #expect(CheckpointRow.judge(target: "t", before: 15, stillRunning: false, after: nil, later: nil, checkpointMs: 1, restoreMs: 1).outcome == .partial)
    }

    @Test func aFailedCheckpointFailsToMeasure() {
        struct Boom: Error, CustomStringConvertible { var description: String { "criu exited 1" } }
        let cell = CheckpointRow.refused("checkpoint", Boom(), target: "lxc", images: "/nonexistent")
        #expect(cell.outcome == .failed)
        #expect(cell.detail == "the checkpoint failed: criu exited 1")
    }
}
