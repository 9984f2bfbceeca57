#if canImport(Glibc)
import Glibc
#endif
import CShim
import NamespaceCore

/// A child of ours that a CRIU request depends on while CRIU works: post-copy's lazy-pages
/// daemon, which answers the restored tree's page faults. If it ends during the restore, the
/// tree's faults go unanswered and CRIU waits on the tree forever (lab, 2026-12-04 04:23: over
/// 4 minutes, the daemon a zombie because its parent, the restoring cbench, sat in recvmsg on
/// CRIU's socket and waited for no one). So the conversation sleeps on CRIU's socket and on
/// this child's pidfd together (`CRIUWorker.run(watching:)`): the child is reaped the moment it
/// ends, and an end `judge` calls a failure ends the request (CRIU is killed).
public final class CRIUWatchedProcess {
    public let pid: pid_t
    private let pidfd: Int32
    /// Why an exit status fails the request (nil: the request goes on).
    private let judge: (ExitStatus) -> String?
    /// How the child ended, once the watch reaped it.
    public private(set) var ended: ExitStatus?
    /// What `judge` said of that end, when it failed the request.
    public private(set) var failure: String?
    /// Its pidfd said it ended but it was no child to reap (someone else waited for it).
    private var lost = false

    /// Without a pidfd (a kernel before 5.3) nothing is watched and `ended` stays nil.
    public init(pid: pid_t, judge: @escaping (ExitStatus) -> String?) {
        self.pid = pid
        self.judge = judge
        pidfd = cshim_pidfd_open(pid, 0)
    }

    deinit { if pidfd >= 0 { close(pidfd) } }

    /// Sleeps until `descriptor` is readable; if the child ends first it is reaped, and an end
    /// `judge` fails is thrown (with `stage`).
    func awaitReadable(_ descriptor: Int32, stage: String) throws(CheckpointError) {
        while true {
            let watching = pidfd >= 0 && ended == nil && !lost
            var waits = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                         pollfd(fd: watching ? pidfd : -1, events: Int16(POLLIN), revents: 0)]
            guard poll(&waits, 2, -1) >= 0 else {
                if errno == EINTR { continue }
                throw CheckpointError(stage: "\(stage): wait for criu", errno: errno)
            }
            if watching, waits[1].revents != 0 {
                guard let status = ChildProcess.exited(pid) else {
                    lost = true
                    continue
                }
                ended = status
                if let why = judge(status) {
                    failure = why
                    throw CheckpointError(stage: stage, detail: why)
                }
            }
            if waits[0].revents != 0 { return }
        }
    }
}
