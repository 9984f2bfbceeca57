import OCIRuntime

/// The verbs every container goes through, `create`, `start`, `state`, `kill` and `delete`
/// (podman calls create, start and delete for each `podman run`; the benchmarks time all but
/// state), read by hand before swift-argument-parser is touched. The library builds its view of
/// a command by reflection: in a release build about 60% of a `cbench-oci state` process's CPU
/// (conformance lookups over the static binary's 5,000 records), in a debug build, which also
/// validates every argument set, about 40 ms of each call. The fast path knows these verbs'
/// flags and runc's global options in the spellings the library accepts (`--root X`,
/// `--root=X`, `-b X`), before or after the verb, and gives up (nil) on anything else: help,
/// version, an unknown, repeated or grouped flag, a value that looks like a flag, a missing or
/// extra argument. The library then parses the same arguments and has the last word on help
/// and error messages. A unit test holds both to the same result.
struct OCIFastPath: Equatable {
    enum Verb: String {
        case create, start, state, kill, delete
    }

    var verb: Verb
    var root = StateStore.defaultRoot
    var log: String?
    var logFormat = LogFormat.text
    var id = ""
    var bundle = "."
    var pidFile: String?
    var consoleSocket: String?
    var preserveFDs = 0
    var force = false
    var all = false
    var signal = "TERM"

    var context: RuntimeContext { RuntimeContext(root: root, log: log, logFormat: logFormat) }

    /// Runs the verb as its library-parsed command does.
    func perform() throws {
        switch verb {
        case .create:
            try Create.perform(context, id: id, bundle: bundle, pidFile: pidFile, consoleSocket: consoleSocket, preserveFDs: preserveFDs)
        case .start: try Start.perform(context, id: id)
        case .state: try State.perform(context, id: id)
        case .kill: try Kill.perform(context, id: id, signal: signal, all: all)
        case .delete: try Delete.perform(context, id: id, force: force)
        }
    }

    /// An option's canonical name and whether it takes a value, for `verb` (nil: not yet seen);
    /// nil when the fast path does not know it there.
    static func option(_ name: String, of verb: Verb?) -> (key: String, valued: Bool)? {
        switch name {
        case "--root", "--log", "--log-format", "--criu": return (name, true)
        case "--systemd-cgroup", "--debug": return (name, false)
        default: break
        }
        switch (verb, name) {
        case (.create, "--bundle"), (.create, "-b"): return ("--bundle", true)
        case (.create, "--pid-file"), (.create, "--console-socket"), (.create, "--preserve-fds"): return (name, true)
        case (.create, "--no-new-keyring"), (.create, "--no-pivot"): return (name, false)
        case (.delete, "--force"), (.delete, "-f"): return ("--force", false)
        case (.kill, "--all"), (.kill, "-a"): return ("--all", false)
        default: return nil
        }
    }

    /// The command line after the program's name; nil when the library must parse it.
    static func parse(_ arguments: [String]) -> OCIFastPath? {
        var verb: Verb?
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                if verb == nil {
                    guard let named = Verb(rawValue: argument) else { return nil }
                    verb = named
                } else {
                    positionals.append(argument)
                }
                continue
            }
            var name = argument
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard let (key, valued) = option(name, of: verb), values[key] == nil, !flags.contains(key) else { return nil }
            guard valued else {
                guard value == nil else { return nil }
                flags.insert(key)
                continue
            }
            if value == nil {
                guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                value = arguments[index]
                index += 1
            }
            values[key] = value
        }
        guard let verb, let id = positionals.first, positionals.count <= (verb == .kill ? 2 : 1) else { return nil }
        var parsed = OCIFastPath(verb: verb, id: id)
        parsed.force = flags.contains("--force")
        parsed.all = flags.contains("--all")
        if positionals.count == 2 { parsed.signal = positionals[1] }
        if let root = values["--root"] { parsed.root = root }
        parsed.log = values["--log"]
        if let format = values["--log-format"] {
            guard let known = LogFormat(rawValue: format) else { return nil }
            parsed.logFormat = known
        }
        if let bundle = values["--bundle"] { parsed.bundle = bundle }
        parsed.pidFile = values["--pid-file"]
        parsed.consoleSocket = values["--console-socket"]
        if let count = values["--preserve-fds"] {
            guard let number = Int(count) else { return nil }
            parsed.preserveFDs = number
        }
        return parsed
    }
}
