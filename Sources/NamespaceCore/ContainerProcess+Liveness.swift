#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Pid-based checks for processes started by another invocation (`cbench-oci create` then
/// `state`/`kill`/`delete`): the start time (field 22 of /proc/PID/stat) tells a reused pid apart.
public enum ProcessLiveness {
    /// Start time of `pid` in clock ticks after boot, nil if there is no such process.
    public static func startTime(of pid: Int32) -> UInt64? {
        stat(of: pid)?.startTime
    }

    /// True while `pid` runs and is the same process (same start time); zombies count as gone.
    public static func isAlive(pid: Int32, startTime: UInt64) -> Bool {
        guard pid > 0, let stat = stat(of: pid) else { return false }
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

    /// State (field 3) and start time (field 22), counted after the last ')' because the
    /// command name may hold spaces and parentheses.
    static func parseStat(_ text: String) -> (state: Character, startTime: UInt64)? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count >= 20, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        return (state, start)
    }

    static func stat(of pid: Int32) -> (state: Character, startTime: UInt64)? {
        LauncherFiles.read("/proc/\(pid)/stat").flatMap(parseStat)
    }
}
