import Glibc
import NamespaceCore

/// A long-lived helper daemon (dockerd) as our child: its own session, so a Ctrl-C on the
/// terminal reaches only cbench, which then stops it in order; output appended to a log.
enum DaemonSpawn {
    static func spawn(_ arguments: [String], logPath: String) throws -> pid_t {
        try DetachedSpawn.spawn(arguments, outputPath: logPath, searchPath: true)
    }

    /// SIGTERM, then up to `grace` seconds for it to exit, then SIGKILL; reaped either way.
    static func terminate(_ pid: pid_t, grace: Int) {
        var status: Int32 = 0
        guard kill(pid, SIGTERM) == 0 else {
            _ = waitpid(pid, &status, WNOHANG)
            return
        }
        for _ in 0..<(grace * 20) {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno == ECHILD) { return }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
