#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Starts CRIU with some of the caller's descriptors at fixed numbers (the RPC socket at 3,
/// inherited descriptors after it). The one place that spawns CRIU, so the core's spawn API
/// can replace it in one file.
public protocol CRIUProcessStarting: Sendable {
    /// `descriptors` maps a number in CRIU's process to a descriptor of the caller; 0, 1 and 2
    /// are /dev/null unless mapped. Returns CRIU's pid; the caller waits for it.
    func start(_ arguments: [String], descriptors: [Int32: Int32], outputPath: String?) throws(CheckpointError) -> pid_t
    /// Waits for a started CRIU and returns its exit status as a shell shows it.
    func wait(_ pid: pid_t) -> Int32
}

/// posix_spawn, in this process's session (CRIU must be the caller's child: the restored tree
/// becomes the caller's child through `--restore-sibling`), default signal handling.
public struct CRIUProcessStarter: CRIUProcessStarting {
    /// Above every number a caller maps: each source is staged here first, because dup2
    /// onto 3, 4, ... could overwrite a source not yet placed.
    static let stagingBase: Int32 = 300

    public init() {}

    public func start(_ arguments: [String], descriptors: [Int32: Int32], outputPath: String?) throws(CheckpointError) -> pid_t {
        guard let executable = arguments.first else { throw CheckpointError(stage: "start criu", detail: "empty command") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let placed = descriptors.sorted { $0.key < $1.key }
        for (offset, entry) in placed.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, entry.value, Self.stagingBase + Int32(offset))
        }
        if descriptors[0] == nil { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        for number: Int32 in [1, 2] where descriptors[number] == nil {
            posix_spawn_file_actions_addopen(&actions, number, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        }
        for (offset, entry) in placed.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, Self.stagingBase + Int32(offset), entry.key)
            posix_spawn_file_actions_addclose(&actions, Self.stagingBase + Int32(offset))
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
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, &cArguments, environ)
        guard rc == 0 else { throw CheckpointError(stage: "start \(executable)", errno: rc) }
        return pid
    }

    public func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
