import AppContainers
import ArgumentParser
import NamespaceCore
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

/// `cbench app run|create|start|stop|kill|rm|ps|logs|exec|inspect`, after the docker verbs.
/// Containers live in /var/lib/cbench/app/containers/ID, their run state in
/// /run/cbench/app/ID; CBENCH_APP_ROOT and CBENCH_APP_RUN move the two.
enum AppContainerCommands {
    static let all: [ParsableCommand.Type] = [
        AppRun.self, AppCreate.self, AppStart.self, AppStop.self, AppKill.self, AppRemove.self,
        AppList.self, AppLogs.self, AppExec.self, AppInspect.self, AppSupervise.self, AppLaunchForMonitor.self, AppFinishForMonitor.self,
        AppForward.self,
    ]

    static func runtime() -> AppRuntime {
        let store = AppStore.fromEnvironment()
        let images = ImageStore(root: store.root)
        var runtime = AppRuntime(store: store, resolveImage: { text in try AppImageResolution.resolve(text, in: images) })
        runtime.warn = { line in FileHandleOutput.standardError(line + "\n") }
        return runtime
    }

    /// The bring-up word the monitor or `restore` passes to `_launch` / `_supervise`.
    static func bringUp(_ word: String) throws -> AppBringUp {
        guard let bringUp = AppBringUp(word: word) else { throw ValidationError("unknown bring-up '\(word)': launch, restore or restore-tcp-established, either restore with -lazy") }
        return bringUp
    }

    /// cbench's own failure in `run`, and a bad flag of any `app` command.
    static let ownFailureCode: Int32 = 125

    /// A failure of `run`, `start -a` or `exec` exits as docker's does, so that it is never
    /// taken for the container's exit code: 127 when the command does not exist in the
    /// container, 126 when it cannot be executed, otherwise `otherwise` (125 for run).
    static func ownFailure(_ error: any Error, otherwise: Int32 = ownFailureCode) -> ExitCode {
        FileHandleOutput.standardError("Error: \(error)\n")
        return ExitCode(exitCode(for: error, otherwise: otherwise))
    }

    static func exitCode(for error: any Error, otherwise: Int32) -> Int32 {
        switch (error as? CoreError)?.kind {
        case .commandNotFound?: return 127
        case .commandNotExecutable?: return 126
        default: return otherwise
        }
    }

    /// Applies `action` to each named container, printing each name once done, as docker does.
    static func each(_ containers: [String], _ action: (AppRuntime, String) throws -> Void) throws {
        let runtime = runtime()
        for container in containers {
            try action(runtime, container)
            print(container)
        }
    }

    /// Exits with the container's code, as `docker run` does.
    static func exit(with status: ExitStatus?) throws {
        if let status, status.exitCodeForShell != 0 { throw ExitCode(status.exitCodeForShell) }
    }
}

struct AppRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Create and start a container; in the foreground, exit with its code.")
    @Flag(name: .long, help: "Remove the container when it exits.") var rm = false
    @Flag(name: .shortAndLong, help: "Run in the background and print the ID.") var detach = false
    @OptionGroup var options: AppContainerOptions

    func run() throws {
        try Self.run(options.flags, autoRemove: rm, detach: detach)
    }

    /// The whole command, for the parsed flags (from the library or the fast path).
    static func run(_ flags: AppContainerFlags, autoRemove: Bool, detach: Bool) throws {
        let result: (record: AppContainerRecord, status: ExitStatus?)
        do {
            result = try AppContainerCommands.runtime().run(try flags.config(autoRemove: autoRemove, detach: detach))
        } catch {
            throw AppContainerCommands.ownFailure(error)
        }
        if detach { print(result.record.id) }
        try AppContainerCommands.exit(with: result.status)
    }
}

struct AppCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a container without starting it; print its ID.")
    @Flag(name: .long, help: "Remove the container when it exits.") var rm = false
    @OptionGroup var options: AppContainerOptions

    func run() throws {
        print(try AppContainerCommands.runtime().create(try options.flags.config(autoRemove: rm, detach: false)).id)
    }
}

struct AppStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start created or exited containers.")
    @Flag(name: .shortAndLong, help: "Attach: wait in the foreground and exit with its code.") var attach = false
    @Argument(help: "Container names or IDs.") var containers: [String]

    func run() throws {
        let runtime = AppContainerCommands.runtime()
        for container in containers {
            let status: ExitStatus?
            do {
                status = try runtime.start(container, attach: attach)
            } catch {
                throw AppContainerCommands.ownFailure(error, otherwise: EXIT_FAILURE)
            }
            if !attach { print(container) }
            try AppContainerCommands.exit(with: status)
        }
    }
}

struct AppStop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Send the stop signal, then SIGKILL after the timeout.")
    @Option(name: [.customShort("t"), .long], help: "Seconds to wait before SIGKILL.") var time: Double = 10
    @Argument(help: "Container names or IDs.") var containers: [String]

    func run() throws {
        try AppContainerCommands.each(containers) { runtime, container in try runtime.stop(container, timeout: time) }
    }
}

struct AppKill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal (SIGKILL by default) to the container's process.")
    @Option(name: .shortAndLong, help: "Signal name or number.") var signal = "KILL"
    @Argument(help: "Container names or IDs.") var containers: [String]

    func run() throws {
        let number = try Signal.parse(signal)
        try AppContainerCommands.each(containers) { runtime, container in try runtime.kill(container, signal: number) }
    }
}

struct AppRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove containers (running ones with -f).")
    @Flag(name: .shortAndLong, help: "Kill a running container first.") var force = false
    @Argument(help: "Container names or IDs.") var containers: [String]

    func run() throws {
        try AppContainerCommands.each(containers) { runtime, container in try runtime.remove(container, force: force) }
    }
}

struct AppList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List running containers (all with -a).")
    @Flag(name: .shortAndLong, help: "Show all containers, not only running ones.") var all = false
    @Flag(name: .shortAndLong, help: "Print IDs only.") var quiet = false

    func run() throws {
        let rows = AppContainerCommands.runtime().list(all: all)
        if quiet {
            rows.forEach { print($0.record.shortID) }
        } else {
            AppRuntime.table(rows).forEach { print($0) }
        }
    }
}

struct AppLogs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print a container's output.")
    @Flag(name: .shortAndLong, help: "Follow: keep printing what it writes until it stops.") var follow = false
    @Argument(help: "Container name or ID.") var container: String

    func run() throws {
        let runtime = AppContainerCommands.runtime()
        if follow {
            try runtime.followLogs(container) { bytes in FileIO.writeAll(1, bytes) }
        } else {
            FileIO.writeAll(1, try runtime.logs(container))
        }
    }
}

struct AppExec: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a command in a running container.")
    @Flag(name: .shortAndLong, help: "Run in the background.") var detach = false
    @Flag(name: .shortAndLong, help: "Keep stdin open (always kept without -t).") var interactive = false
    @Flag(name: .shortAndLong, help: "Give the command a pty as its terminal (-it for an interactive shell).") var tty = false
    @Option(name: .shortAndLong, help: "Environment variable KEY=VALUE.") var env: [String] = []
    @Option(name: .shortAndLong, help: "User: name, uid, name:group or uid:gid.") var user: String?
    @Option(name: .shortAndLong, help: "Working directory.") var workdir: String?
    @Argument(help: "Container name or ID.") var container: String
    @Argument(parsing: .captureForPassthrough, help: "Command and arguments.") var command: [String] = []

    func validate() throws {
        try AppContainerFlags(interactive: interactive, tty: tty).checkTerminal()
    }

    func run() throws {
        let status: ExitStatus?
        do {
            status = try AppContainerCommands.runtime().exec(container, command: command, environment: env, user: user,
                                                             workingDirectory: workdir, detach: detach, tty: tty, interactive: interactive)
        } catch {
            throw AppContainerCommands.ownFailure(error, otherwise: EXIT_FAILURE)
        }
        try AppContainerCommands.exit(with: status)
    }
}

struct AppInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Print containers' config and state as a JSON array, in docker's shape.")
    @Argument(help: "Container names or IDs.") var containers: [String]

    func run() throws {
        print(try AppContainerCommands.runtime().inspectJSON(containers))
    }
}

/// The detached supervisor `run -d` and `start` spawn (descriptor 3 is its report pipe).
struct AppSupervise: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_supervise", abstract: "Internal: supervise a detached container.",
                                                    shouldDisplay: false)
    @Argument var id: String
    @Argument(transform: AppContainerCommands.bringUp) var bringUp: AppBringUp = .launch

    func run() throws {
        let code = AppContainerCommands.runtime().supervise(id, bringUp: bringUp, reportFD: 3)
        if code != 0 { throw ExitCode(code) }
    }
}

/// What `cbench-monitor` runs first: starts the container and answers on descriptor 3.
struct AppLaunchForMonitor: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_launch", abstract: "Internal: start a container for its monitor.",
                                                    shouldDisplay: false)
    @Argument var id: String
    @Argument(transform: AppContainerCommands.bringUp) var bringUp: AppBringUp = .launch

    func run() throws {
        let code = AppContainerCommands.runtime().launchForMonitor(id, bringUp: bringUp, reportFD: 3)
        if code != 0 { throw ExitCode(code) }
    }
}

/// What `cbench-monitor` becomes once the container ended: records the wait status.
struct AppFinishForMonitor: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_finish", abstract: "Internal: record a container's end for its monitor.",
                                                    shouldDisplay: false)
    @Argument var id: String
    @Argument var waitStatus: Int32

    func run() throws {
        AppContainerCommands.runtime().finishForMonitor(id, waitStatus: waitStatus)
    }
}
