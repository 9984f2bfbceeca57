#if canImport(Glibc)
import Glibc
#endif

/// Starts a long-lived helper process (dockerd, the app supervisor, the console relay) with
/// posix_spawn: a session of its own, so a Ctrl-C on the terminal never reaches it; default
/// signal dispositions and an empty mask; stdin on /dev/null; stdout and stderr appended to
/// `outputPath`; and `passing` placed at descriptors 3, 4, ... in order.
public enum DetachedSpawn {
    /// glibc's POSIX_SPAWN_SETSID (2.26+), which Swift's Glibc module does not export.
    static let spawnSetsid: Int32 = 0x80
    /// Above every descriptor a caller passes: each goes through here first, because dup2
    /// onto 3, 4, ... could otherwise overwrite a source not yet placed.
    static let stagingBase: Int32 = 200

    public static func spawn(_ arguments: [String], outputPath: String = "/dev/null", passing descriptors: [Int32] = [],
                             searchPath: Bool = false) throws(CoreError) -> pid_t {
        guard let executable = arguments.first else { throw CoreError(stage: "spawn", detail: "empty command") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        for (offset, fd) in descriptors.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, fd, stagingBase + Int32(offset))
        }
        for offset in descriptors.indices {
            posix_spawn_file_actions_adddup2(&actions, stagingBase + Int32(offset), 3 + Int32(offset))
            posix_spawn_file_actions_addclose(&actions, stagingBase + Int32(offset))
        }
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
        let rc = searchPath ? posix_spawnp(&pid, executable, &actions, &attributes, &cArguments, environ)
                            : posix_spawn(&pid, executable, &actions, &attributes, &cArguments, environ)
        guard rc == 0 else { throw CoreError(stage: "spawn \(executable)", errno: rc) }
        return pid
    }
}
