import ArgumentParser
import Glibc
import NamespaceCore
import OCIRuntime

/// `cbench-oci`: an OCI runtime with runc's command line, on ContainerBench's namespace core.
@main
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

    /// `run` and `start` begin unsealed (CShim seal_policy.c says why): a `run` whose container
    /// joins a pid namespace re-executes itself sealed before it creates anything, a `start`
    /// before it sends a startContainer hook into the container's namespaces.
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
            ErrorLog(path: log, format: logFormat).write(error.description)
            throw ExitCode.failure
        } catch let exit as ExitCode {
            throw exit
        } catch {
            ErrorLog(path: log, format: logFormat).write("\(error)")
            throw ExitCode.failure
        }
    }
}

enum LogFormat: String, ExpressibleByArgument {
    case text, json
}
