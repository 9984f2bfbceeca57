#if canImport(Glibc)
import Glibc
#endif
import CShim

/// A launched container process: its host pid and a pidfd that cannot be confused with a
/// reused pid. The pidfd is closed when the object goes away.
public final class ContainerProcess: Sendable {
    public let pid: Int32
    /// -1 when the process was adopted by pid only.
    public let pidfd: Int32

    public init(pid: Int32, pidfd: Int32) {
        self.pid = pid
        self.pidfd = pidfd
    }

    /// Opens a pidfd for a running `pid`; nil when there is no such process. A pidfd opened
    /// before checking the process's identity pins it: the pid cannot be reused under it.
    public convenience init?(opening pid: Int32) {
        let pidfd = cshim_pidfd_open(pid, 0)
        guard pidfd >= 0 else { return nil }
        self.init(pid: pid, pidfd: pidfd)
    }

    deinit {
        if pidfd >= 0 { close(pidfd) }
    }

    /// Sends `signal` through the pidfd (or by pid without one).
    public func signal(_ signal: Int32) throws(CoreError) {
        let rc = pidfd >= 0 ? cshim_pidfd_send_signal(pidfd, signal, 0) : kill(pid, signal)
        guard rc == 0 else {
            throw CoreError(stage: "signal \(Signal.name(of: signal)) to \(pid)", errno: errno)
        }
    }
}
