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
    /// then, or is no child of ours. Its end is seen at once (`ChildWatch`: a pidfd), not at
    /// a polling loop's next turn.
    public static func exited(_ pid: pid_t, withinMilliseconds milliseconds: Int) -> ExitStatus? {
        guard case .ended(let status)? = try? ChildWatch(pid: pid).next(withinMilliseconds: milliseconds) else { return nil }
        return status
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

    enum State: Equatable {
        case running
        case ended(ExitStatus)
        /// Not a child of ours (never was, or already reaped).
        case gone
    }

    static func check(_ pid: pid_t) -> State {
        var code: Int32 = 0
        var status: Int32 = 0
        while cshim_waitid_pid(pid, WEXITED | WNOHANG, &code, &status) != 0 {
            guard errno == EINTR else { return .gone }
        }
        return code == 0 ? .running : .ended(ExitStatus.from(code: code, status: status))
    }
}
