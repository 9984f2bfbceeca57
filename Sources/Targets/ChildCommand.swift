import Foundation
import Glibc
import NamespaceCore

/// Runs a runtime's CLI with posix_spawn and waitpid: stdio in files (a created container
/// inherits them and may hold pipes open long after the command returned), its own process
/// group (a Ctrl-C on the terminal reaches only cbench, which then cleans up in order).
/// Not Foundation's Process: the runner is a subreaper and reaps orphaned containers itself.
public struct ChildCommand: Sendable {
    public struct Outcome: Sendable, Equatable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public var arguments: [String]
    /// Set in the command's environment on top of this process's own.
    public var environment: [String: String]

    public init(_ arguments: [String], environment: [String: String] = [:]) {
        self.arguments = arguments
        self.environment = environment
    }

    /// Runs to completion; stdout and stderr go to the given files (kept) or to temporary
    /// files next to `scratch` (removed).
    public func run(stdoutPath: String, stderrPath: String) throws -> Outcome {
        let pid = try spawn(stdoutPath: stdoutPath, stderrPath: stderrPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw CoreError.fromErrno("wait for \(arguments[0])") }
        }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(status: code, stdout: ChildCommand.read(stdoutPath), stderr: ChildCommand.read(stderrPath))
    }

    /// Starts the command and returns its pid: stdin on /dev/null, stdout and stderr in the
    /// given files, default signal dispositions and mask, and a process group of its own, so a
    /// signal meant for it reaches only it. The caller waits for it.
    public func spawn(stdoutPath: String, stderrPath: String) throws -> pid_t {
        guard let executable = arguments.first else {
            throw CoreError(stage: "spawn", detail: "empty command")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var cEnvironment = environmentEntries().map { strdup($0) } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, executable, &actions, &attributes, &cArguments, &cEnvironment)
        guard rc == 0 else { throw CoreError(stage: "spawn \(executable)", errno: rc) }
        return pid
    }

    /// `KEY=VALUE` entries: this process's environment with `environment` laid over it.
    func environmentEntries() -> [String] {
        var entries: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            let key = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            if environment[key] == nil { entries.append(text) }
            index += 1
        }
        return entries + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// Runs with output in throw-away files under `directory`.
    public func run(scratchIn directory: String) throws -> Outcome {
        let stamp = UInt32.random(in: 0...UInt32.max)
        let out = "\(directory)/.cmd-\(stamp).out", err = "\(directory)/.cmd-\(stamp).err"
        defer {
            unlink(out)
            unlink(err)
        }
        return try run(stdoutPath: out, stderrPath: err)
    }

    static func read(_ path: String) -> String {
        (try? FileIO.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The first line of an error output, for a one-line reason.
    public static func firstLine(_ text: String, limit: Int = 300) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return String(line.prefix(limit))
    }

    /// Full path of `name` on PATH, or nil.
    public static func which(_ name: String, environment: [String: String]) -> String? {
        if name.hasPrefix("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
