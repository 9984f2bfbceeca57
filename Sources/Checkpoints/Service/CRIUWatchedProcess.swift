#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A child of ours that a CRIU request depends on while CRIU works: post-copy's lazy-pages
/// daemon, which answers the restored tree's page faults. If it ends during the restore, the
/// tree's faults go unanswered and CRIU waits on the tree forever (lab, 2026-12-04 04:23: over
/// 4 minutes, the daemon a zombie because its parent, the restoring cbench, sat in recvmsg on
/// CRIU's socket and waited for no one). So the conversation sleeps on CRIU's socket and on
/// this child's pidfd together (`CRIUWorker.run(watching:)`): the child is reaped the moment it
/// ends, and an end `judge` calls a failure ends the request (CRIU is killed).
public final class CRIUWatchedProcess {
    private let watch: ChildWatch
    public var pid: pid_t { watch.pid }
    /// Why an exit status fails the request (nil: the request goes on).
    private let judge: (ExitStatus) -> String?
    /// How the child ended, once the watch reaped it.
    public private(set) var ended: ExitStatus?
    /// What `judge` said of that end, when it failed the request.
    public private(set) var failure: String?

    /// Without a pidfd (a kernel before 5.3) nothing is watched and `ended` stays nil.
    public init(pid: pid_t, judge: @escaping (ExitStatus) -> String?) {
        watch = ChildWatch(pid: pid)
        self.judge = judge
    }

    /// Sleeps until `descriptor` is readable; if the child ends first it is reaped, and an end
    /// `judge` fails is thrown (with `stage`).
    func awaitReadable(_ descriptor: Int32, stage: String) throws(CheckpointError) {
        while true {
            let event: ChildWatch.Event
            do { event = try watch.next(readable: descriptor) } catch {
                throw CheckpointError(stage: "\(stage): wait for criu", errno: error.errno)
            }
            switch event {
            case .readable:
                return
            case .ended(let status):
                ended = status
                if let why = judge(status) {
                    failure = why
                    throw CheckpointError(stage: stage, detail: why)
                }
            case .gone, .timedOut:
                continue
            }
        }
    }
}
