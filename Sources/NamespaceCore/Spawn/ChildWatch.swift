#if canImport(Glibc)
import Glibc
#endif
import CShim

/// A child of ours watched through a pidfd, which the kernel makes readable once the child is
/// a zombie. One poll(2) sleeps until the first of: the child ends, a descriptor (CRIU's
/// socket) becomes readable, a time passes. The child is reaped where its end is seen and
/// only there: a second check after the pidfd woke would find it gone and lose how it ended.
/// Without a pidfd (a kernel before 5.3) its end is checked every millisecond, or not at all
/// while a descriptor is waited for.
public final class ChildWatch {
    public enum Event: Sendable, Equatable {
        /// The descriptor waited for is readable.
        case readable
        /// The child ended and was reaped here (told once).
        case ended(ExitStatus)
        /// The child is no child of ours (never was, or someone else reaped it; told once).
        case gone
        case timedOut
    }

    public let pid: pid_t
    private let pidfd: Int32
    /// Once its end (or its loss) was told, the child is no longer waited for.
    private var told = false

    public init(pid: pid_t) {
        self.pid = pid
        pidfd = cshim_pidfd_open(pid, 0)
    }

    deinit { if pidfd >= 0 { close(pidfd) } }

    /// Sleeps until the child ends, `descriptor` (if any) is readable or `milliseconds`
    /// (nil: no limit) pass, and says which came first. Once the end was told, only the
    /// descriptor and the time are left to wait for; with neither (no descriptor, no limit)
    /// it says `.timedOut` at once instead of sleeping for ever.
    public func next(readable descriptor: Int32? = nil, withinMilliseconds milliseconds: Int? = nil) throws(CoreError) -> Event {
        let deadline = milliseconds.map { MonotonicDeadline(seconds: Double(max($0, 0)) / 1000) }
        while true {
            if !told {
                switch ChildProcess.check(pid) {
                case .ended(let status):
                    told = true
                    return .ended(status)
                case .gone:
                    told = true
                    return .gone
                case .running:
                    break
                }
            }
            if told && descriptor == nil && deadline == nil { return .timedOut }
            let left = deadline?.remainingMilliseconds ?? -1
            if deadline != nil && left <= 0 { return .timedOut }
            let watching = !told && pidfd >= 0
            // No pidfd: the child's end is looked for every millisecond unless only a descriptor counts.
            let stepping = !told && pidfd < 0 && descriptor == nil
            var waits = [pollfd(fd: descriptor ?? -1, events: Int16(POLLIN), revents: 0),
                         pollfd(fd: watching ? pidfd : -1, events: Int16(POLLIN), revents: 0)]
            guard poll(&waits, 2, stepping ? (left < 0 ? 1 : min(left, 1)) : left) >= 0 else {
                if errno == EINTR { continue }
                throw CoreError(stage: "wait for \(pid)", errno: errno)
            }
            if waits[0].revents != 0 && waits[1].revents == 0 { return .readable }
        }
    }
}
