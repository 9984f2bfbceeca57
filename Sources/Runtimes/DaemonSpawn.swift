import Glibc
import NamespaceCore

/// A long-lived helper daemon (dockerd) as our child: its own session, so a Ctrl-C on the
/// terminal reaches only cbench, which then stops it in order; output appended to a log.
enum DaemonSpawn {
    /// glibc's POSIX_SPAWN_SETSID (2.26+), which Swift's Glibc module does not export.
    static let spawnSetsid: Int32 = 0x80

    static func spawn(_ arguments: [String], logPath: String) throws -> pid_t {
        guard let executable = arguments.first else { throw CoreError(stage: "spawn daemon", detail: "empty command") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(spawnSetsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, executable, &actions, &attributes, &cArguments, environ)
        guard rc == 0 else { throw CoreError(stage: "spawn \(executable)", errno: rc) }
        return pid
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
