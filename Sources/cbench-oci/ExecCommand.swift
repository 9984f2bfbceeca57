import ArgumentParser
import NamespaceCore
import OCIRuntime

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a process in a created or running container (runc's flags).")
    @OptionGroup var globals: GlobalOptions
    @Option(name: .customLong("console-socket"), help: "With a terminal: a unix socket that receives the pty master.") var consoleSocket: String?
    @Option(help: "Working directory inside the container.") var cwd: String?
    @Option(name: [.short, .long], help: "Add an environment variable (KEY=VALUE); repeatable.") var env: [String] = []
    @Flag(name: [.short, .long], help: "Give the process a pty.") var tty = false
    @Option(name: [.short, .long], help: "uid[:gid] to run as.") var user: String?
    @Option(name: [.customShort("g"), .long], help: "An additional gid; repeatable.") var additionalGids: [UInt32] = []
    @Option(name: [.short, .long], help: "A runtime-spec process JSON file; the other process flags are then ignored.") var process: String?
    @Flag(name: [.short, .long], help: "Return once the process runs.") var detach = false
    @Option(name: .customLong("pid-file"), help: "Write the process's pid here.") var pidFile: String?
    @Option(name: [.customShort("c"), .customLong("cap")], help: "Add a capability (CAP_NAME); repeatable.") var capabilities: [String] = []
    @Flag(name: .customLong("no-new-privs"), help: "Set no_new_privs for the process.") var noNewPrivileges = false
    @Flag(name: .customLong("ignore-paused"), help: "Exec even into a paused container.") var ignorePaused = false
    @Option(name: .customLong("preserve-fds"), help: "Accepted when 0: no extra descriptors are passed.") var preserveFDs: Int = 0
    @Option(name: .customLong("process-label"), help: "Refused unless empty: no SELinux here.") var processLabel: String?
    @Option(help: "Refused unless empty: no AppArmor here.") var apparmor: String?
    @Argument var id: String
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.") var command: [String] = []

    func run() throws {
        let code = try globals.reporting { () throws -> Int32? in
            try refusePreservedFDs(preserveFDs)
            if let label = processLabel ?? apparmor, !label.isEmpty {
                throw CoreError(stage: "exec \(id)", detail: "an LSM label or profile ('\(label)') cannot be honoured: no SELinux or AppArmor is active; drop it")
            }
            let spec = try processSpec()
            let options = ExecOptions(detach: detach, pidFile: pidFile, consoleSocket: consoleSocket, ignorePaused: ignorePaused)
            return try globals.runtime.exec(id: id, process: spec, options: options)
        }
        if let code, code != 0 { throw ExitCode(code) }
    }

    private func processSpec() throws -> RuntimeSpec.Process {
        if let process {
            let bytes = try process == "-" ? FileIO.readAll(fd: 0) : FileIO.read(process)
            return try RuntimeSpec.decodeProcess(bytes, what: process == "-" ? "--process (stdin)" : process)
        }
        var flags = ExecProcessFlags(args: command.first == "--" ? Array(command.dropFirst()) : command)
        flags.cwd = cwd
        flags.env = env
        flags.tty = tty
        flags.user = user
        flags.additionalGids = additionalGids
        flags.capabilities = capabilities
        flags.noNewPrivileges = noNewPrivileges
        let base = try RuntimeSpec.load(bundle: try globals.runtime.store.load(id: id).bundle).process
        return try flags.process(over: base)
    }
}
