/// The one way the project starts a host program (a runtime's CLI, gnuplot, dockerd, its own
/// helpers): posix_spawn, never Foundation's Process, because the runner is a subreaper and
/// reaps orphans itself. Every child starts with default signal dispositions and an empty
/// signal mask (an ignored SIGINT or a blocked SIGTERM of ours must not reach it), stdin on
/// /dev/null unless told otherwise, and the program found by one PATH lookup.
public struct Spawn: Sendable {
    /// Where stdout or stderr goes.
    public enum Output: Sendable, Equatable {
        /// /dev/null.
        case null
        /// An anonymous in-memory file that `SpawnedProcess.wait()` reads back. Not a pipe: a
        /// daemon the program leaves behind may hold it open for ever, and a write after we
        /// stopped reading would kill it with SIGPIPE.
        case capture
        /// Created or truncated (mode 0600); `wait()` reads it back.
        case file(String)
        /// Created or appended to (mode 0600): a log that outlives the program.
        case appending(String)
        /// stderr only: wherever stdout goes, interleaved as written.
        case stdout
    }

    /// Who receives a signal sent to the terminal's foreground group.
    public enum Session: Sendable, Equatable {
        /// Our process group: a Ctrl-C on the terminal ends it with us (a long debootstrap or
        /// cp of a one-shot command that has no clean-up of its own to run first).
        case inherited
        /// A process group of its own: a signal meant for it reaches only it, and a Ctrl-C on
        /// the terminal reaches only us, which then stop it in order.
        case ownGroup
        /// A session of its own, detached from the terminal: a long-lived helper (dockerd, the
        /// app supervisor, the console relay) that must outlive a Ctrl-C.
        case detached
    }

    /// The program (a name looked up on PATH, or a path) and its arguments.
    public var arguments: [String]
    /// Set in the program's environment on top of this process's own.
    public var environment: [String: String]
    public var stdinPath: String
    public var stdout: Output
    public var stderr: Output
    /// The working directory; nil keeps ours.
    public var directory: String?
    /// Descriptors of ours placed at 3, 4, ... in the child, in order.
    public var passing: [Int32]
    /// Descriptors of ours placed at chosen numbers in the child (child's number: ours), for a
    /// program that expects them there (CRIU's RPC socket at 3, a restored tree's stdio at 0-2);
    /// a number here wins over `stdinPath`, `stdout`, `stderr` and `passing`.
    public var placing: [Int32: Int32]
    public var session: Session
    /// A network namespace (a descriptor of ours) the program starts in; nil: ours. CRIU runs
    /// in a container's own namespace so that it neither dumps nor makes one.
    public var networkNamespace: Int32?

    public init(_ arguments: [String], environment: [String: String] = [:], stdinPath: String = "/dev/null",
                stdout: Output = .capture, stderr: Output = .capture, directory: String? = nil,
                passing: [Int32] = [], placing: [Int32: Int32] = [:], session: Session = .ownGroup) {
        self.arguments = arguments
        self.environment = environment
        self.stdinPath = stdinPath
        self.stdout = stdout
        self.stderr = stderr
        self.directory = directory
        self.passing = passing
        self.placing = placing
        self.session = session
    }

    /// A long-lived helper: its own session, stdio on /dev/null unless `output` names a log
    /// (stdout and stderr both go there), `passing` at descriptors 3, 4, ...
    public static func detached(_ arguments: [String], output: Output = .null, passing: [Int32] = []) -> Spawn {
        Spawn(arguments, stdout: output, stderr: .stdout, passing: passing, session: .detached)
    }

    /// Starts the program and waits for it: its exit and what it wrote.
    public func run() throws(CoreError) -> SpawnResult {
        try start().wait()
    }
}
