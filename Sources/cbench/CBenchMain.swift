import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The entry point: parses with swift-argument-parser and runs the command, with docker's
/// exit code for a usage error of `cbench app` (125, where the library would give 64).
/// `app run`, the command start-up benchmarks time, first tries its own fast parser.
@main
enum CBenchMain {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if arguments.count > 2, arguments[0] == "app", arguments[1] == "run",
               let parsed = AppRunFastPath.parse(Array(arguments.dropFirst(2))) {
                try parsed.flags.checkTerminal()
                try AppRun.run(parsed.flags, autoRemove: parsed.autoRemove, detach: parsed.detach)
                return
            }
            var command = try CBenchCommand.parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(with: error, arguments: arguments)
        }
    }

    static func exit(with error: any Error, arguments: [String]) -> Never {
        // A container's own exit code, or a failure already printed: nothing for the library
        // to say, and its message machinery costs milliseconds of reflection.
        if let exit = error as? ExitCode { Glibc.exit(exit.rawValue) }
        let code = CBenchCommand.exitCode(for: error)
        guard code == .validationFailure, let replacement = usageExitCode(for: arguments) else {
            CBenchCommand.exit(withError: error)
        }
        FileHandleOutput.standardError(CBenchCommand.fullMessage(for: error) + "\n")
        Glibc.exit(replacement)
    }

    /// docker and podman exit 125 on a bad flag or argument of any of their commands; the
    /// other command groups keep the library's EX_USAGE (64).
    static func usageExitCode(for arguments: [String]) -> Int32? {
        arguments.first == "app" ? AppContainerCommands.ownFailureCode : nil
    }
}
