/// `cbench app run` read by hand, before swift-argument-parser is touched: the library builds
/// its view of every command by reflection, about 2 ms of each `app run` (26 million
/// instructions, most of them conformance lookups), which a benchmark of container start-up
/// would count as start-up. The fast path knows the flags of `run` in the spellings the
/// library accepts (`--name X`, `--name=X`, `-e X`, grouped `-it`) and gives up (nil) on
/// anything else: help, an unknown, repeated or malformed flag, a missing value. The library
/// then parses the same arguments and has the last word on help and error messages. A unit
/// test holds both to the same result.
enum AppRunFastPath {
    struct Parsed: Equatable {
        var autoRemove = false
        var detach = false
        var flags = AppContainerFlags()
    }

    /// The arguments after `app run`; nil when the library must parse them.
    static func parse(_ arguments: [String]) -> Parsed? {
        var parsed = Parsed()
        var seen: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                parsed.flags.image = argument
                parsed.flags.command = Array(arguments[index...])
                return parsed
            }
            if argument.hasPrefix("--") {
                var name = String(argument.dropFirst(2))
                var value: String?
                if let equals = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                if let flag = Flag(rawValue: name) {
                    guard value == nil, seen.insert(name).inserted else { return nil }
                    flag.set(in: &parsed)
                    continue
                }
                guard let option = Option(rawValue: name) else { return nil }
                if value == nil {
                    guard index < arguments.count else { return nil }
                    value = arguments[index]
                    index += 1
                }
                guard let text = value, option.set(text, in: &parsed, seen: &seen) else { return nil }
                continue
            }
            let letters = Array(argument.dropFirst())
            if letters.count == 1, let option = Option(short: letters[0]) {
                guard index < arguments.count, option.set(arguments[index], in: &parsed, seen: &seen) else { return nil }
                index += 1
                continue
            }
            for letter in letters {
                guard let flag = Flag(short: letter), seen.insert(flag.rawValue).inserted else { return nil }
                flag.set(in: &parsed)
            }
        }
        return nil
    }

    /// The flags without a value.
    enum Flag: String {
        case rm, detach, interactive, tty, readOnly = "read-only", initProcess = "init"

        init?(short: Character) {
            switch short {
            case "d": self = .detach
            case "i": self = .interactive
            case "t": self = .tty
            default: return nil
            }
        }

        func set(in parsed: inout Parsed) {
            switch self {
            case .rm: parsed.autoRemove = true
            case .detach: parsed.detach = true
            case .interactive: parsed.flags.interactive = true
            case .tty: parsed.flags.tty = true
            case .readOnly: parsed.flags.readOnly = true
            case .initProcess: parsed.flags.initProcess = true
            }
        }
    }

    /// The options that take a value (the repeatable ones collect every value).
    enum Option: String {
        case name, env, workdir, user, hostname, entrypoint, volume, tmpfs, publish, network, ip, memory
        case pidsLimit = "pids-limit", cpus, capAdd = "cap-add", capDrop = "cap-drop", securityOpt = "security-opt", userns, systemd

        init?(short: Character) {
            switch short {
            case "e": self = .env
            case "w": self = .workdir
            case "u": self = .user
            case "v": self = .volume
            case "p": self = .publish
            case "m": self = .memory
            default: return nil
            }
        }

        /// False when the value is one the library would refuse or read differently: a value
        /// that looks like a flag (only --pids-limit takes "-1"), a bad number, a single
        /// value given twice.
        func set(_ text: String, in parsed: inout Parsed, seen: inout Set<String>) -> Bool {
            if text.hasPrefix("-") && self != .pidsLimit { return false }
            switch self {
            case .env: parsed.flags.env.append(text)
            case .volume: parsed.flags.volume.append(text)
            case .tmpfs: parsed.flags.tmpfs.append(text)
            case .publish: parsed.flags.publish.append(text)
            case .network: parsed.flags.network.append(text)
            case .capAdd: parsed.flags.capAdd.append(text)
            case .capDrop: parsed.flags.capDrop.append(text)
            case .securityOpt: parsed.flags.securityOpt.append(text)
            default:
                guard seen.insert(rawValue).inserted else { return false }
                return setSingle(text, in: &parsed.flags)
            }
            return true
        }

        private func setSingle(_ text: String, in flags: inout AppContainerFlags) -> Bool {
            switch self {
            case .name: flags.name = text
            case .workdir: flags.workdir = text
            case .user: flags.user = text
            case .hostname: flags.hostname = text
            case .entrypoint: flags.entrypoint = text
            case .memory: flags.memory = text
            case .ip: flags.ip = text
            case .userns: flags.userns = text
            case .systemd: flags.systemd = text
            case .pidsLimit:
                guard let number = Int64(text) else { return false }
                flags.pidsLimit = number
            case .cpus:
                guard let number = Double(text) else { return false }
                flags.cpus = number
            default: return false
            }
            return true
        }
    }
}
