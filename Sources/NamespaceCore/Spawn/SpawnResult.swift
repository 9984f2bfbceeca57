/// How a spawned program ended and what it wrote to captured outputs and truncated files
/// (empty for /dev/null, an appended log, or stderr merged into stdout).
public struct SpawnResult: Sendable, Equatable {
    public var exit: ExitStatus
    public var stdout: String
    public var stderr: String

    public init(exit: ExitStatus, stdout: String, stderr: String) {
        self.exit = exit
        self.stdout = stdout
        self.stderr = stderr
    }

    /// What a shell shows in `$?`: the code, or 128 + the signal.
    public var status: Int32 { exit.exitCodeForShell }
}
