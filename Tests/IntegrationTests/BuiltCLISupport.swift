import NamespaceCore
import Testing

/// The built `cbench` (the debug build beside the test bundle) run as a user runs it, for the
/// commands no harness store holds (doctor, cleanup, run): stdout and stderr apart, the exit
/// status as the shell sees it. The `app` and `system` verbs go through CLITestHarness.
enum BuiltCLI {
    /// The path of the built cbench; a failed requirement naming the fix when there is none.
    static func cbenchPath(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(OCITestHarness.builtExecutable("cbench"), "build cbench first (swift build --product cbench)",
                     sourceLocation: sourceLocation)
    }

    /// `cbench ARGS`, with `environment` added to this process's own, in `directory`.
    static func cbench(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> SpawnResult {
        try Spawn([try cbenchPath(sourceLocation: sourceLocation)] + arguments, environment: environment, directory: directory).run()
    }
}
