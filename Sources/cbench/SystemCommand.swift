import ArgumentParser
import NamespaceCore
import OCIImages
import SystemContainers
#if canImport(Glibc)
import Glibc
#endif

/// `cbench system ...`: LXC-style system containers, shaped after the lxc-* tools.
struct SystemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "system",
        abstract: "LXC-style system containers: a whole root file system with its own init.",
        discussion: """
            Containers live in /var/lib/cbench/system/NAME (config in LXC syntax, rootfs/), their run \
            state in /run/cbench/system/NAME, their cgroups at cbench/system-NAME. \
            CBENCH_SYSTEM_STORE and CBENCH_SYSTEM_RUN move the two directories (tests use that). \
            A container with a console (LXC's default; the templates set lxc.console.path = none) gets a \
            pty pair whose master a detached relay holds (`console NAME`). An unprivileged container \
            (lxc.idmap) starts from an idmapped mount of its rootfs, or with its owners shifted where the \
            kernel refuses (CBENCH_SYSTEM_IDMAP=shift forces that).
            """,
        subcommands: [SystemCreate.self, SystemList.self, SystemInfo.self, SystemStart.self, SystemWait.self,
                      SystemStop.self, SystemKill.self, SystemAttach.self, SystemDestroy.self,
                      SystemClone.self, SystemSnapshot.self, SystemExport.self, SystemImport.self, SystemConsole.self,
                      SystemAutostart.self, SystemBench.self, SystemConsoleRelayCommand.self,
                      SystemCheckpoint.self, SystemRestore.self, SystemMigrate.self]
    )

    /// The warning of `create` and `start` for a container without `lxc.idmap`, on stderr.
    static func warnIfPrivileged(_ name: String, runtime: SystemRuntime) {
        guard let config = try? runtime.store.loadConfig(of: name), !config.isUnprivileged else { return }
        FileHandleOutput.standardError(SystemSecurity.privilegedWarning(name: name) + "\n")
    }

    static func runtime() -> SystemRuntime {
        let environment = ProcessEnvironment.values(["CBENCH_SYSTEM_STORE", "CBENCH_SYSTEM_RUN"])
        return SystemRuntime(store: SystemStore(
            root: environment["CBENCH_SYSTEM_STORE"] ?? SystemStore.defaultRoot,
            runRoot: environment["CBENCH_SYSTEM_RUN"] ?? SystemStore.defaultRunRoot))
    }
}

struct SystemCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a container from a template.")
    @Argument(help: "Container name.") var name: String
    @Option(name: .shortAndLong, help: "Template: busybox, debian or oci.") var template: String
    @Option(name: .shortAndLong, help: "Debian release for the debian template: bookworm (systemd), bullseye or trixie (sysvinit).")
    var release: String?
    @Option(name: .shortAndLong, help: "More config lines (LXC syntax), after the template's.") var config: String?
    @Option(name: .long, help: "Image of the app store (NAME[:TAG] or ID) for the oci template; CBENCH_APP_ROOT selects the store.")
    var image: String?
    @Flag(name: .long, help: "No lxc.idmap: root inside is root on the host. By default container ids map to root's subordinate ids (/etc/subuid, /etc/subgid), as LXD does.")
    var privileged = false
    @Flag(name: .long, help: "An overlay over the template's root instead of a copy (as lxc-copy -s); unprivileged it needs idmapped mounts (Linux 5.19+).")
    var snapshot = false

    func run() throws {
        let runtime = SystemCommand.runtime()
        let chosen = try SystemTemplate.named(template)
        if chosen == .oci {
            if snapshot { throw ValidationError("--snapshot is for the busybox and debian templates") }
            guard let image else { throw ValidationError("the oci template needs --image NAME[:TAG]") }
            let root = ProcessEnvironment.values(["CBENCH_APP_ROOT"])["CBENCH_APP_ROOT"] ?? ImageStore.defaultRoot
            try runtime.store.createFromImage(name: name, image: image, imageStore: ImageStore(root: root), extraConfig: config,
                                              privileged: privileged)
            print("created \(name) in \(runtime.store.directory(of: name)) from image \(image)")
            SystemCommand.warnIfPrivileged(name, runtime: runtime)
            return
        }
        if image != nil { throw ValidationError("--image is for the oci template only") }
        let debianRelease = chosen == .debian || release != nil ? try DebianRelease.named(release) : nil
        try runtime.store.create(name: name, template: chosen, release: debianRelease, extraConfig: config,
                                 privileged: privileged, snapshot: snapshot)
        print("created \(name) in \(runtime.store.directory(of: name))" + (snapshot ? " (an overlay over the \(chosen.rawValue) root)" : ""))
        SystemCommand.warnIfPrivileged(name, runtime: runtime)
    }
}

struct SystemList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List containers and their states.")
    func run() throws {
        let runtime = SystemCommand.runtime()
        for name in runtime.store.names() {
            let state = runtime.store.state(of: name)
            let pid = runtime.store.runningState(of: name).map { " \($0.pid)" } ?? ""
            print("\(name) \(state.rawValue)\(pid)")
        }
    }
}

struct SystemInfo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show state, pid, memory and cpu use.")
    @Argument(help: "Container name.") var name: String
    func run() throws {
        try SystemCommand.runtime().info(name: name).lines.forEach { print($0) }
    }
}

struct SystemStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start the init; it keeps running after this returns.")
    @Argument(help: "Container name.") var name: String
    @Flag(name: .long, help: "Write the init's output to /run/cbench/system/NAME/console.log instead of /dev/null.")
    var consoleLog = false
    func run() throws {
        let runtime = SystemCommand.runtime()
        SystemCommand.warnIfPrivileged(name, runtime: runtime)
        let record = try runtime.start(name: name, console: consoleLog ? .logFile : .discard)
        print("started \(name) pid \(record.pid)")
    }
}

struct SystemWait: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wait", abstract: "Wait until the container runs, or has booted.")
    @Argument(help: "Container name.") var name: String
    @Flag(name: .long, help: "Wait until boot has finished (the template's readiness marker).") var booted = false
    @Option(name: .shortAndLong, help: "Seconds before giving up.") var timeout: Double = 30
    func run() throws {
        try SystemCommand.runtime().wait(name: name, booted: booted, timeout: timeout)
    }
}

struct SystemStop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Halt cleanly (lxc.signal.halt), SIGKILL after the timeout.")
    @Argument(help: "Container name.") var name: String
    @Option(name: .shortAndLong, help: "Seconds to wait for the halt before killing.") var timeout: Double = 10
    func run() throws {
        switch try SystemCommand.runtime().stop(name: name, timeout: timeout) {
        case .notRunning: print("\(name) was not running")
        case .halted: print("stopped \(name)")
        case .killed: print("killed \(name) after \(timeout) s")
        }
    }
}

struct SystemKill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to the init (SIGKILL ends the container).")
    @Argument(help: "Container name.") var name: String
    @Option(name: .shortAndLong, help: "Signal name or number (default: lxc.signal.stop, else KILL).") var signal: String?
    func run() throws {
        try SystemCommand.runtime().kill(name: name, signal: try signal.map { try Signal.parse($0) })
    }
}

struct SystemAttach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach", abstract: "Run a command inside the container; exits with its code.",
        discussion: "From a terminal the command gets a pty of its own, as with lxc-attach; otherwise it shares this process's stdio.")
    @Argument(help: "Container name.") var name: String
    @Argument(parsing: .postTerminator, help: "The command, after --.") var command: [String] = []
    func run() throws {
        let onTerminal = isatty(0) == 1 && isatty(1) == 1
        let status = try SystemCommand.runtime().attach(name: name, command: command.isEmpty ? ["/bin/sh"] : command, terminal: onTerminal)
        if status.exitCodeForShell != 0 { throw ExitCode(status.exitCodeForShell) }
    }
}

struct SystemDestroy: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Remove a container and its root file system.")
    @Argument(help: "Container name.") var name: String
    @Flag(name: .shortAndLong, help: "Kill it first when it runs.") var force = false
    func run() throws {
        try SystemCommand.runtime().destroy(name: name, force: force)
        print("destroyed \(name)")
    }
}

struct SystemClone: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clone", abstract: "Copy a stopped container under a new name.")
    @Argument(help: "Source container.") var source: String
    @Argument(help: "New container name.") var destination: String
    func run() throws {
        try SystemCommand.runtime().clone(source, to: destination)
        print("cloned \(source) to \(destination)")
    }
}

struct SystemSnapshot: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snapshot", abstract: "Snapshot a stopped container, list or restore snapshots.")
    @Argument(help: "Container name.") var name: String
    @Argument(help: "Snapshot name (to make or restore).") var snapshot: String?
    @Flag(name: .long, help: "List the snapshots.") var list = false
    @Flag(name: .long, help: "Put the snapshot's rootfs back.") var restore = false
    func run() throws {
        let runtime = SystemCommand.runtime()
        if list {
            try runtime.snapshots(of: name).forEach { print($0) }
            return
        }
        guard let snapshot else { throw ValidationError("give a snapshot name, or --list") }
        if restore {
            try runtime.restore(name: name, snapshot: snapshot)
            print("restored \(name) from \(snapshot)")
        } else {
            try runtime.snapshot(name: name, as: snapshot)
            print("snapshot \(snapshot) of \(name) made")
        }
    }
}

struct SystemBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time start, boot and stop in-process (no CLI start-up); one JSON line per run.",
        discussion: "Used by Scripts/bench-system. The container must be stopped; it is stopped after each run.")
    @Argument(help: "Container name.") var name: String
    @Option(name: .shortAndLong, help: "Runs.") var runs: Int = 1
    @Flag(name: .long, help: "Halt cleanly (lxc.signal.halt) instead of killing.") var halt = false
    func run() throws {
        let runtime = SystemCommand.runtime()
        for _ in 0..<max(1, runs) {
            let timing = try runtime.measureCycle(name: name, halt: halt)
            let memory = timing.memoryBytes.map(String.init) ?? "null"
            print("{\"running_ms\": \(timing.runningMilliseconds), \"booted_ms\": \(timing.bootedMilliseconds), \"stop_ms\": \(timing.stopMilliseconds), \"memory_bytes\": \(memory)}")
        }
    }
}

struct SystemAutostart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autostart", abstract: "Start every stopped container with lxc.start.auto = 1, as lxc-autostart does.")
    @Flag(name: .long, help: "Only list them.") var list = false
    func run() throws {
        let runtime = SystemCommand.runtime()
        for name in try runtime.autostartNames() {
            if list { print(name); continue }
            SystemCommand.warnIfPrivileged(name, runtime: runtime)
            let record = try runtime.start(name: name)
            print("started \(name) pid \(record.pid)")
        }
    }
}
