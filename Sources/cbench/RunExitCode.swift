/// The exit codes of `cbench run` of its own (Scenarios/README.md lists them all; the
/// baseline's 5, 2 and 4 are `Comparison.exitCode`'s): the first that applies is returned.
enum RunExitCode {
    /// Stopped by Ctrl-C or SIGTERM; partial results written.
    static let interrupted: Int32 = 130
    /// A scenario file or option is wrong; nothing ran.
    static let badInput: Int32 = 64
    /// At least one step (warm-up or iteration) failed; results written, failures listed.
    static let stepsFailed: Int32 = 3
}
