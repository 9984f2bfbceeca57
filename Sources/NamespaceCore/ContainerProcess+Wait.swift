#if canImport(Glibc)
import Glibc
#endif
import CShim

/// How a process ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// What a shell shows in `$?`: the code, or 128 + the signal.
    public var exitCodeForShell: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// The same as `exitCodeForShell`.
    public var shellExitCode: Int32 { exitCodeForShell }

    public var description: String {
        switch self {
        case .exited(let code): return "exited with \(code)"
        case .signaled(let signal): return "killed by \(Signal.name(of: signal))"
        }
    }

    /// From a wait status as waitpid(2) stores it (exit code in bits 8-15, or the signal).
    public init(waitStatus: Int32) {
        self = waitStatus & 0x7f == 0 ? .exited((waitStatus >> 8) & 0xff) : .signaled(waitStatus & 0x7f)
    }

    /// From waitid's si_code and si_status.
    static func from(code: Int32, status: Int32) -> ExitStatus {
        code == CLD_EXITED ? .exited(status) : .signaled(status)
    }
}

extension ContainerProcess {
    /// Waits for the process to end and reaps it (it must be our child).
    public func wait() throws(CoreError) -> ExitStatus {
        var code: Int32 = 0
        var status: Int32 = 0
        while true {
            let rc = pidfd >= 0
                ? cshim_waitid_pidfd(pidfd, WEXITED, &code, &status, nil)
                : cshim_waitid_pid(pid, WEXITED, &code, &status)
            if rc == 0 { return ExitStatus.from(code: code, status: status) }
            if errno != EINTR { throw CoreError(stage: "wait for \(pid)", errno: errno) }
        }
    }

    /// The status if the process has ended (and reaps it), nil while it runs.
    public func poll() throws(CoreError) -> ExitStatus? {
        var code: Int32 = 0
        var status: Int32 = 0
        var found: pid_t = 0
        while true {
            let rc: Int32
            if pidfd >= 0 {
                rc = cshim_waitid_pidfd(pidfd, WEXITED | WNOHANG, &code, &status, &found)
            } else {
                rc = cshim_waitid_pid(pid, WEXITED | WNOHANG, &code, &status)
                found = code == 0 ? 0 : pid
            }
            if rc == 0 { return found == 0 ? nil : ExitStatus.from(code: code, status: status) }
            if errno != EINTR { throw CoreError(stage: "wait for \(pid)", errno: errno) }
        }
    }
}
