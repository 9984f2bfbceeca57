#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Waiting for and ending a child of this process known by its pid (a spawned program, a
/// container init that came back to us as subreaper).
public enum ChildProcess {
    /// Waits for `pid` to end and reaps it.
    public static func wait(_ pid: pid_t) throws(CoreError) -> ExitStatus {
        var code: Int32 = 0
        var status: Int32 = 0
        while cshim_waitid_pid(pid, WEXITED, &code, &status) != 0 {
            guard errno == EINTR else { throw CoreError(stage: "wait for \(pid)", errno: errno) }
        }
        return ExitStatus.from(code: code, status: status)
    }

    /// How `pid` ended if it has (reaping it); nil while it runs or when it is no child of ours.
    public static func exited(_ pid: pid_t) -> ExitStatus? {
        if case .ended(let status) = check(pid) { return status }
        return nil
    }

    /// How `pid` ended if it ends within `milliseconds` (reaping it); nil when it still runs
    /// then, or is no child of ours. It sleeps in poll(2) on a pidfd of the child, which the
    /// kernel makes readable once the child is a zombie, so an end is seen at once rather
    /// than at a polling loop's next turn; without a pidfd it checks every millisecond.
    public static func exited(_ pid: pid_t, withinMilliseconds milliseconds: Int) -> ExitStatus? {
        let deadline = MonotonicDeadline(seconds: Double(max(milliseconds, 0)) / 1000)
        let pidfd = cshim_pidfd_open(pid, 0)
        defer { if pidfd >= 0 { close(pidfd) } }
        while true {
            // The status is taken where the child is reaped, and only there: a second check
            // after the pidfd woke us would find the child gone and lose how it ended.
            switch check(pid) {
            case .ended(let status): return status
            case .gone: return nil
            case .running: break
            }
            let left = deadline.remainingMilliseconds
            guard left > 0 else { return nil }
            if pidfd >= 0 {
                var waiting = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
                _ = poll(&waiting, 1, left)
            } else {
                usleep(1_000)
            }
        }
    }

    /// SIGTERM, then up to `grace` seconds for it to exit, then SIGKILL; reaped either way.
    /// A process that is not our child (a daemon another run started and left to us) is
    /// watched until it is gone instead.
    public static func terminate(_ pid: pid_t, grace seconds: Int) {
        let startTime = ProcessLiveness.startTime(of: pid)
        guard kill(pid, SIGTERM) == 0 else {
            _ = check(pid)
            return
        }
        func ended() -> Bool {
            switch check(pid) {
            case .running: return false
            case .ended: return true
            case .gone: return !(startTime.map { ProcessLiveness.isAlive(pid: pid, startTime: $0) } ?? false)
            }
        }
        for _ in 0..<(seconds * 20) {
            if ended() { return }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
        if (try? wait(pid)) == nil, let startTime {
            ProcessLiveness.waitUntilGone(pid: pid, startTime: startTime, timeoutMilliseconds: 5000)
        }
    }

    private enum State: Equatable {
        case running
        case ended(ExitStatus)
        /// Not a child of ours (never was, or already reaped).
        case gone
    }

    private static func check(_ pid: pid_t) -> State {
        var code: Int32 = 0
        var status: Int32 = 0
        while cshim_waitid_pid(pid, WEXITED | WNOHANG, &code, &status) != 0 {
            guard errno == EINTR else { return .gone }
        }
        return code == 0 ? .running : .ended(ExitStatus.from(code: code, status: status))
    }
}
