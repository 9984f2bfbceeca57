// Every command names itself: deriving the name from the type at run time costs a
// reflection pass over a static binary's whole conformance table on every start.
#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import ArgumentParser
import Glibc
import NamespaceCore
import OCIRuntime

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a container; its process waits until `start`.")
    @OptionGroup var globals: GlobalOptions
    @Option(name: [.short, .long], help: "Path to the bundle (holding config.json).") var bundle: String = "."
    @Option(name: .customLong("pid-file"), help: "Write the container's pid here.") var pidFile: String?
    @Option(name: .customLong("console-socket"), help: "With process.terminal: a unix socket that receives the pty master (SCM_RIGHTS).")
    var consoleSocket: String?
    @Flag(name: .customLong("no-new-keyring"), help: "Accepted: no session keyring is ever created.") var noNewKeyring = false
    @Flag(name: .customLong("no-pivot"), help: "Accepted for runc compatibility; the root is always entered with pivot_root.") var noPivot = false
    @Option(name: .customLong("preserve-fds"), help: "Accepted when 0: no extra descriptors are passed.") var preserveFDs: Int = 0
    @Argument var id: String

    func run() throws {
        try Self.perform(globals.context, id: id, bundle: bundle, pidFile: pidFile, consoleSocket: consoleSocket, preserveFDs: preserveFDs)
    }

    static func perform(_ context: RuntimeContext, id: String, bundle: String, pidFile: String?, consoleSocket: String?,
                        preserveFDs: Int) throws {
        try context.reporting {
            try refusePreservedFDs(preserveFDs)
            try context.runtime.create(id: id, bundle: bundle, pidFile: pidFile, release: .atStart, consoleSocket: consoleSocket)
        }
    }
}

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Let a created container run its process.")
    @OptionGroup var globals: GlobalOptions
    @Argument var id: String
    func run() throws { try Self.perform(globals.context, id: id) }
    static func perform(_ context: RuntimeContext, id: String) throws { try context.reporting { try context.runtime.start(id: id) } }
}

struct State: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "state", abstract: "Print the runtime-spec state of a container as JSON.")
    @OptionGroup var globals: GlobalOptions
    @Argument var id: String
    func run() throws { try Self.perform(globals.context, id: id) }
    static func perform(_ context: RuntimeContext, id: String) throws {
        let document = try context.reporting { try context.runtime.state(id: id) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(document)
        print(String(decoding: data, as: UTF8.self))
    }
}

struct Kill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal (name or number, default TERM) to a container's process.")
    @OptionGroup var globals: GlobalOptions
    @Flag(name: [.short, .long], help: "Signal every process in the container's cgroup.") var all = false
    @Argument var id: String
    @Argument var signal: String = "TERM"
    func run() throws { try Self.perform(globals.context, id: id, signal: signal, all: all) }
    static func perform(_ context: RuntimeContext, id: String, signal: String, all: Bool) throws {
        try context.reporting {
            guard let number = Signal.number(named: signal) else {
                throw CoreError(stage: "kill \(id)", detail: "unknown signal '\(signal)'; give a name like TERM or KILL or a number")
            }
            if all {
                try context.runtime.killAll(id: id, signal: number)
            } else {
                try context.runtime.kill(id: id, signal: number)
            }
        }
    }
}

struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Remove a stopped container (--force: kill it first).")
    @OptionGroup var globals: GlobalOptions
    @Flag(name: [.short, .long], help: "Kill the container if it still runs.") var force = false
    @Argument var id: String
    func run() throws { try Self.perform(globals.context, id: id, force: force) }
    static func perform(_ context: RuntimeContext, id: String, force: Bool) throws {
        try context.reporting { try context.runtime.delete(id: id, force: force) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Create and start a container; wait for it unless --detach.")
    @OptionGroup var globals: GlobalOptions
    @Option(name: [.short, .long], help: "Path to the bundle (holding config.json).") var bundle: String = "."
    @Option(name: .customLong("pid-file"), help: "Write the container's pid here.") var pidFile: String?
    @Flag(name: [.short, .long], help: "Return once the container runs.") var detach = false
    @Option(name: .customLong("console-socket"), help: "With process.terminal: a unix socket that receives the pty master (SCM_RIGHTS).")
    var consoleSocket: String?
    @Flag(name: .customLong("no-new-keyring"), help: "Accepted: no session keyring is ever created.") var noNewKeyring = false
    @Argument var id: String
    func run() throws {
        if detach {
            try globals.reporting { try globals.runtime.runDetached(id: id, bundle: bundle, pidFile: pidFile, consoleSocket: consoleSocket) }
            return
        }
        let code = try globals.reporting { try globals.runtime.run(id: id, bundle: bundle, pidFile: pidFile, consoleSocket: consoleSocket) }
        if code != 0 { throw ExitCode(code) }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the containers under --root.")
    @OptionGroup var globals: GlobalOptions
    @Option(name: [.short, .long], help: "table or json.") var format: String = "table"
    @Flag(name: [.short, .long], help: "Print only the ids.") var quiet = false
    func run() throws {
        let entries = globals.runtime.list()
        if quiet {
            for entry in entries { print(entry.record.id) }
            return
        }
        if format == "json" {
            let documents = entries.compactMap { try? globals.runtime.state(id: $0.record.id) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(documents), as: UTF8.self))
            return
        }
        print(pad("ID", 24) + pad("PID", 9) + pad("STATUS", 10) + pad("BUNDLE", 40) + "CREATED")
        for (record, status) in entries {
            let pid = status == .stopped ? "0" : "\(record.pid)"
            print(pad(record.id, 24) + pad(pid, 9) + pad(status.rawValue, 10) + pad(record.bundle, 40)
                  + record.createdText)
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

struct Spec: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "spec", abstract: "Write a default config.json, as `runc spec` does.")
    @OptionGroup var globals: GlobalOptions
    @Option(name: [.short, .long], help: "Directory to write config.json into.") var bundle: String = "."
    func run() throws {
        try globals.reporting {
            let path = (bundle.hasSuffix("/") ? bundle : bundle + "/") + "config.json"
            if access(path, F_OK) == 0 {
                throw CoreError(stage: "spec", detail: "\(path) already exists; remove it first")
            }
            let bytes = try RuntimeSpec.defaultSpec().encodedJSON()
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw CoreError.fromErrno("spec: open \(path)") }
            defer { close(fd) }
            guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
                throw CoreError.fromErrno("spec: write \(path)")
            }
        }
    }
}

/// runc's `--preserve-fds N` passes N descriptors after stdio; none are passed here, so only 0 is taken.
func refusePreservedFDs(_ count: Int) throws {
    guard count == 0 else {
        throw CoreError(stage: "--preserve-fds \(count)", detail: "passing extra descriptors is not supported; drop the flag")
    }
}
