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

/// Runs external programs for diagnostics, cleanup and plots (never on a measured path).
/// The seam lets tests answer with canned output.
public protocol HostCommandRunning: Sendable {
    /// Runs in `directory` when given (gnuplot writing its plots next to the script); nil when
    /// the program cannot be started (not installed).
    func run(_ arguments: [String], in directory: String?) -> HostCommandResult?
}

extension HostCommandRunning {
    public func run(_ arguments: [String]) -> HostCommandResult? {
        run(arguments, in: nil)
    }
}

/// The real runner: `Spawn` with stdout and stderr captured together, in the order written,
/// in our process group (a Ctrl-C ends it with us).
public struct HostCommandRunner: HostCommandRunning {
    public init() {}

    public func run(_ arguments: [String], in directory: String?) -> HostCommandResult? {
        let command = Spawn(arguments, stdout: .capture, stderr: .stdout, directory: directory, session: .inherited)
        guard let result = try? command.run() else { return nil }
        return HostCommandResult(status: result.status, output: result.stdout)
    }
}
