import OCIImages

/// An image-config change from ENV, LABEL, WORKDIR, USER, CMD, ENTRYPOINT, EXPOSE or
/// STOPSIGNAL, with its variables already expanded. Shared by the builder and
/// `cbench app commit --change`.
public enum ConfigurationChange: Sendable, Equatable {
    case environment([(String, String)])
    case labels([(String, String)])
    case workingDirectory(String)
    case user(String)
    case command([String])
    case entrypoint([String])
    case exposedPorts([String])
    case stopSignal(String)
    case volumes([String])

    public static func == (lhs: ConfigurationChange, rhs: ConfigurationChange) -> Bool {
        lhs.description == rhs.description
    }

    /// The change as a Dockerfile line with expanded values: the cache key and history text.
    public var description: String {
        switch self {
        case .environment(let pairs): return "ENV " + pairs.map { "\($0.0)=\(Self.quoted($0.1))" }.joined(separator: " ")
        case .labels(let pairs): return "LABEL " + pairs.map { "\(Self.quoted($0.0))=\(Self.quoted($0.1))" }.joined(separator: " ")
        case .workingDirectory(let path): return "WORKDIR \(path)"
        case .user(let user): return "USER \(user)"
        case .command(let words): return "CMD \(Self.json(words))"
        case .entrypoint(let words): return "ENTRYPOINT \(Self.json(words))"
        case .exposedPorts(let ports): return "EXPOSE " + ports.joined(separator: " ")
        case .stopSignal(let signal): return "STOPSIGNAL \(signal)"
        case .volumes(let paths): return "VOLUME \(Self.json(paths))"
        }
    }

    /// Applies the change as Docker does: ENV replaces a variable of the same name, a relative
    /// WORKDIR is taken from the current one, ENTRYPOINT clears an inherited CMD.
    public func apply(to configuration: inout ImageConfiguration.ExecutionParameters, commandSetInThisBuild: Bool = false) {
        switch self {
        case .environment(let pairs):
            var environment = configuration.env ?? []
            for (key, value) in pairs {
                let entry = "\(key)=\(value)"
                if let index = environment.firstIndex(where: { $0.hasPrefix(key + "=") }) {
                    environment[index] = entry
                } else {
                    environment.append(entry)
                }
            }
            configuration.env = environment
        case .labels(let pairs):
            var labels = configuration.labels ?? [:]
            for (key, value) in pairs { labels[key] = value }
            configuration.labels = labels
        case .workingDirectory(let path):
            configuration.workingDir = Self.resolve(path, from: configuration.workingDir)
        case .user(let user):
            configuration.user = user
        case .command(let words):
            configuration.cmd = words
        case .entrypoint(let words):
            configuration.entrypoint = words
            if !commandSetInThisBuild { configuration.cmd = nil }
        case .exposedPorts(let ports):
            var exposed = configuration.exposedPorts ?? [:]
            for port in ports { exposed[port.contains("/") ? port : port + "/tcp"] = EmptyObject() }
            configuration.exposedPorts = exposed
        case .stopSignal(let signal):
            configuration.stopSignal = signal
        case .volumes(let paths):
            var volumes = configuration.volumes ?? [:]
            for path in paths { volumes[path] = EmptyObject() }
            configuration.volumes = volumes
        }
    }

    /// `path` against the working directory `base` (`/` when unset), normalised.
    public static func resolve(_ path: String, from base: String?) -> String {
        let joined = path.hasPrefix("/") ? path : (base ?? "/") + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func quoted(_ text: String) -> String {
        guard text.isEmpty || text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "\\" }) else { return text }
        return "\"" + escaped(text) + "\""
    }

    static func escaped(_ text: String) -> String {
        BuildText.replacing("\"", with: "\\\"", in: BuildText.replacing("\\", with: "\\\\", in: text))
    }

    static func json(_ words: [String]) -> String {
        "[" + words.map { "\"" + escaped($0) + "\"" }
            .joined(separator: ",") + "]"
    }
}

