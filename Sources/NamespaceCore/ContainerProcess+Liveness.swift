#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Pid-based checks for processes started by another invocation (`cbench-oci create` then
/// `state`/`kill`/`delete`): the start time (field 22 of /proc/PID/stat) tells a reused pid apart.
public enum ProcessLiveness {
    /// Start time of `pid` in clock ticks after boot, nil if there is no such process.
    public static func startTime(of pid: Int32) -> UInt64? {
        HostProcessStat.read(pid: pid)?.startTime
    }

    /// True while `pid` runs and is the same process (same start time); zombies count as gone.
    public static func isAlive(pid: Int32, startTime: UInt64) -> Bool {
        guard pid > 0, let stat = HostProcessStat.read(pid: pid) else { return false }
        return stat.startTime == startTime && stat.state != "Z" && stat.state != "X"
    }

    /// Blocks until `pid` (with that start time) has exited, at most `timeoutMilliseconds`
    /// (nil: forever). Returns true when it is gone.
    @discardableResult
    public static func waitUntilGone(pid: Int32, startTime: UInt64, timeoutMilliseconds: Int32? = nil) -> Bool {
        let fd = cshim_pidfd_open(pid, 0)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        // Opened after a check would race; checking after opening pins the identity.
        guard isAlive(pid: pid, startTime: startTime) else { return true }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let rc = Glibc.poll(&entry, 1, timeoutMilliseconds ?? -1)
            if rc < 0 && errno == EINTR { continue }
            return rc > 0
        }
    }

    /// Blocks until `pid` (with that start time) has exited or `finished()` holds, at most
    /// until `deadline`. A pidfd of the process is held throughout, so its exit (a crash)
    /// ends the wait at once; `finished` is checked every 2 ms. Returns false on the deadline.
    @discardableResult
    public static func waitUntilGone(pid: Int32, startTime: UInt64, orUntil finished: () -> Bool,
                                     deadline: MonotonicDeadline) -> Bool {
        let fd = cshim_pidfd_open(pid, 0)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        guard isAlive(pid: pid, startTime: startTime) else { return true }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while !finished() {
            if deadline.hasPassed { return false }
            let rc = Glibc.poll(&entry, 1, 2)
            if rc > 0 { return true }
            if rc < 0 && errno != EINTR { return false }
        }
        return true
    }
}
