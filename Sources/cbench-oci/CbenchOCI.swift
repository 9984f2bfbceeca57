import ArgumentParser
import Glibc
import NamespaceCore
import OCIRuntime

/// The entry point: the verbs every container goes through (OCIFastPath) are read by hand,
/// everything else by swift-argument-parser.
@main
enum CbenchOCIMain {
    static func main() {
        guard let parsed = OCIFastPath.parse(Array(CommandLine.arguments.dropFirst())) else {
            CbenchOCI.main()
            return
        }
        do {
            try parsed.perform()
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            // perform reports through RuntimeContext.reporting, which throws only ExitCode.
            RuntimeContext(root: parsed.root, log: parsed.log, logFormat: parsed.logFormat).report("\(error)")
            Glibc.exit(EXIT_FAILURE)
        }
    }
}

/// `cbench-oci`: an OCI runtime with runc's command line, on ContainerBench's namespace core.
struct CbenchOCI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cbench-oci",
        abstract: "Run OCI bundles on ContainerBench's namespace core, with runc's command line.",
        // runc's shape: the runtime's version, then the runtime-spec version it implements.
        version: "cbench-oci version 0.1.0\nspec: \(RuntimeSpec.supportedVersion)",
        subcommands: [Create.self, Start.self, State.self, Kill.self, Delete.self, Run.self, List.self, Spec.self,
                      Checkpoint.self, Restore.self, Features.self, Exec.self, Pause.self, Resume.self, Ps.self,
                      Events.self, Update.self]
    )

    @OptionGroup var globals: GlobalOptions
}

struct GlobalOptions: ParsableArguments {
    @Option(help: "Directory for container state.")
    var root: String = StateStore.defaultRoot

    @Option(help: "Also write errors to this file.")
    var log: String?

    @Option(name: .customLong("log-format"), help: "Format of --log: text or json.")
    var logFormat: LogFormat = .text

    @Flag(help: "Accepted for runc compatibility; cgroups are always managed through cgroupfs.")
    var systemdCgroup = false

    @Flag(help: "Accepted for runc compatibility.")
    var debug = false

    @Option(help: "Path to the criu binary used for checkpoint and restore (default: criu on PATH, else /usr/local/sbin/criu).")
    var criu: String?

    var context: RuntimeContext { RuntimeContext(root: root, log: log, logFormat: logFormat) }
    var runtime: BundleRuntime { context.runtime }

    func reporting<T>(_ body: () throws -> T) throws -> T { try context.reporting(body) }
}

/// What every verb runs with, however its command line was read: the state root and where
/// errors go.
struct RuntimeContext {
    var root: String
    var log: String?
    var logFormat: LogFormat

    /// `run` and `start` begin unsealed (CShim seal_policy.c says why): a `run` whose container
    /// joins a pid namespace or has a startContainer hook re-executes itself sealed before it
    /// creates anything, a `start` before it sends a startContainer hook into the container's
    /// namespaces.
    var runtime: BundleRuntime {
        BundleRuntime(store: StateStore(root: root),
                      beforeCreating: { launch in if launch.joinsPidNamespace { try SealedExecutable.reexecuteIfNeeded() } },
                      beforeJoining: { try SealedExecutable.reexecuteIfNeeded() })
    }

    /// Runs `body`; an error becomes one line on stderr (and in --log), and exit status 1.
    func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CoreError {
            report(error.description)
            throw ExitCode.failure
        } catch let exit as ExitCode {
            throw exit
        } catch {
            report("\(error)")
            throw ExitCode.failure
        }
    }

    func report(_ message: String) {
        ErrorLog(path: log, format: logFormat).write(message)
    }
}

enum LogFormat: String, ExpressibleByArgument {
    case text, json
}
