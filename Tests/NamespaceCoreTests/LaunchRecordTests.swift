#if canImport(Glibc)
import Glibc
#endif
import CShim
import Testing
@testable import NamespaceCore

@Suite struct LaunchRecordTests {
    private func record(kind: cshim_record_kind, stage: cshim_stage = CSHIM_STAGE_NONE, errno: Int32 = 0,
                        arg: String = "", reason: String = "", value: Int32 = 0) -> cshim_record {
        var raw = cshim_record()
        raw.kind = kind.rawValue
        raw.stage = stage.rawValue
        raw.err = errno
        raw.value = value
        withUnsafeMutableBytes(of: &raw.arg) { buffer in
            for (index, byte) in arg.utf8.enumerated() where index < buffer.count - 1 { buffer[index] = byte }
        }
        withUnsafeMutableBytes(of: &raw.reason) { buffer in
            for (index, byte) in reason.utf8.enumerated() where index < buffer.count - 1 { buffer[index] = byte }
        }
        return raw
    }

    @Test func errorRecordBecomesCoreError() {
        let decoded = LaunchRecord(record(kind: CSHIM_RECORD_ERROR, stage: CSHIM_STAGE_MOUNT, errno: EPERM, arg: "/proc"))
        #expect(decoded == .failure(CoreError(stage: "mount /proc", errno: EPERM)))
        if case .failure(let error) = decoded {
            #expect(error.description == "mount /proc: EPERM (Operation not permitted)")
        }
    }

    /// docker run's 127 and 126 come from these kinds; other stages keep the errno's kind.
    @Test(arguments: [(ENOENT, CoreError.Kind.commandNotFound), (ENOTDIR, .commandNotFound), (EACCES, .commandNotExecutable),
                      (ENOEXEC, .commandNotExecutable), (EISDIR, .commandNotExecutable)])
    func aFailedExecSaysWhetherTheCommandIsMissingOrNotRunnable(code: Int32, kind: CoreError.Kind) {
        guard case .failure(let error) = LaunchRecord(record(kind: CSHIM_RECORD_ERROR, stage: CSHIM_STAGE_EXEC, errno: code, arg: "x")) else {
            Issue.record("not a failure")
            return
        }
        #expect(error.kind == kind)
        guard case .failure(let mount) = LaunchRecord(record(kind: CSHIM_RECORD_ERROR, stage: CSHIM_STAGE_MOUNT, errno: code, arg: "x")) else {
            Issue.record("not a failure")
            return
        }
        #expect(mount.kind == CoreError.Kind(errno: code))
    }

    @Test func errorRecordWithReason() {
        let decoded = LaunchRecord(record(kind: CSHIM_RECORD_ERROR, stage: CSHIM_STAGE_RLIMIT, errno: EPERM,
                                          arg: "RLIMIT_NOFILE", reason: "cannot raise the hard limit"))
        #expect(decoded == .failure(CoreError(stage: "setrlimit RLIMIT_NOFILE", errno: EPERM, detail: "cannot raise the hard limit")))
        let exec = LaunchRecord(record(kind: CSHIM_RECORD_ERROR, stage: CSHIM_STAGE_EXEC, errno: ENOENT, arg: "/bin/foo"))
        #expect(exec == .failure(CoreError(kind: .commandNotFound, stage: "exec /bin/foo", errno: ENOENT)))
        let bare = LaunchRecord(record(kind: CSHIM_RECORD_ERROR, stage: CSHIM_STAGE_SETUID, errno: EINVAL))
        #expect(bare == .failure(CoreError(stage: "setresuid", errno: EINVAL)))
    }

    @Test func progressRecords() {
        #expect(LaunchRecord(record(kind: CSHIM_RECORD_READY)) == .ready)
        #expect(LaunchRecord(record(kind: CSHIM_RECORD_USERNS)) == .userNamespace(0))
        #expect(LaunchRecord(record(kind: CSHIM_RECORD_USERNS, value: 77)) == .userNamespace(77))
        #expect(LaunchRecord(record(kind: CSHIM_RECORD_CHILD_PID, value: 4242)) == .childPID(4242))
        var odd = cshim_record()
        odd.kind = 99
        #expect(LaunchRecord(odd) == .unknown(99))
    }

    @Test func recordsAreReadWholeFromAPipe() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        var raw = record(kind: CSHIM_RECORD_CHILD_PID, value: 7)
        let size = MemoryLayout<cshim_record>.size
        #expect(size < 4096)  // one atomic pipe write
        _ = withUnsafeBytes(of: &raw) { write(fds[1], $0.baseAddress, size) }
        close(fds[1])
        #expect(try LaunchRecord.read(from: fds[0]) == .childPID(7))
        #expect(try LaunchRecord.read(from: fds[0]) == nil)
    }

    @Test func exitStatusForShell() {
        #expect(NamespaceCore.ExitStatus.exited(3).exitCodeForShell == 3)
        #expect(NamespaceCore.ExitStatus.signaled(9).exitCodeForShell == 137)
        #expect(NamespaceCore.ExitStatus.from(code: Int32(CLD_EXITED), status: 2) == .exited(2))
        #expect(NamespaceCore.ExitStatus.from(code: Int32(CLD_KILLED), status: 15) == .signaled(15))
        #expect(NamespaceCore.ExitStatus.signaled(15).description == "killed by SIGTERM")
    }

    @Test func procStatParsingCountsAfterTheLastParen() {
        let line = "1234 (we ) (ird) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100"
        let parsed = HostProcessStat.parse(line)
        #expect(parsed?.command == "we ) (ird")
        #expect(parsed?.state == "S")
        #expect(parsed?.parentPid == 1)
        #expect(parsed?.startTime == 987654)
        #expect(HostProcessStat.parse("garbage") == nil)
    }

    @Test func livenessOfThisProcess() {
        let me = getpid()
        let start = ProcessLiveness.startTime(of: me)
        #expect(start != nil)
        if let start {
            #expect(ProcessLiveness.isAlive(pid: me, startTime: start))
            #expect(!ProcessLiveness.isAlive(pid: me, startTime: start + 1))
        }
    }

    @Test func idMapText() {
        let text = Launcher.mapText([IDMapping(containerID: 0, hostID: 100000, size: 65536),
                                     IDMapping(containerID: 65536, hostID: 1000, size: 1)])
        #expect(text == "0 100000 65536\n65536 1000 1\n")
    }
}
