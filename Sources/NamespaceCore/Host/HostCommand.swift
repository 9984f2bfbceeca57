#if canImport(Glibc)
import Glibc
#endif
import CShim

/// What a finished command left: its exit status and everything it wrote to stdout and stderr.
public struct HostCommandResult: Sendable, Equatable {
    /// Exit code, or 128 + signal number when a signal ended it.
    public var status: Int32
    public var output: String
    public init(status: Int32, output: String) {
        self.status = status
        self.output = output
    }
}

/// Runs external programs for diagnostics and cleanup (never on a measured path).
/// The seam lets tests answer with canned output.
public protocol HostCommandRunning: Sendable {
    /// nil when the program cannot be started (not installed).
    func run(_ arguments: [String]) -> HostCommandResult?
}

/// posix_spawnp with stdin from /dev/null and stdout and stderr merged into one pipe (reading
/// two pipes one after the other could deadlock once the unread one fills).
public struct HostCommandRunner: HostCommandRunning {
    public init() {}

    public func run(_ arguments: [String]) -> HostCommandResult? {
        run(arguments, in: nil)
    }

    /// Runs in `directory` when given (e.g. gnuplot writing its plots next to the script).
    public func run(_ arguments: [String], in directory: String?) -> HostCommandResult? {
        guard let program = arguments.first else { return nil }
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { return nil }
        let readEnd = pipeFDs[0]
        let writeEnd = pipeFDs[1]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        // The child keeps only 0, 1 and 2 of the pipe; a stray write end would hold the read open.
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        if let directory { _ = cshim_spawn_addchdir(&actions, directory) }

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            return nil
        }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        close(readEnd)

        var rawStatus: Int32 = 0
        while waitpid(pid, &rawStatus, 0) < 0 {
            if errno != EINTR { return nil }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signal = rawStatus & 0x7f
        let status = signal == 0 ? (rawStatus >> 8) & 0xff : 128 + signal
        return HostCommandResult(status: status, output: String(decoding: bytes, as: UTF8.self))
    }
}
