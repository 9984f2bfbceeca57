import NamespaceCore

/// One `-v` value: `HOSTDIR:/path[:ro|rw]` binds a host directory (an absolute source path),
/// `NAME:/path[:ro|rw]` mounts the named volume NAME (made on first use).
public struct VolumeMount: Sendable, Equatable, Codable {
    public enum Source: Sendable, Equatable, Codable {
        case bind(String)
        case named(String)
    }

    public var source: Source
    /// Absolute path inside the container.
    public var destination: String
    public var readonly: Bool

    public init(source: Source, destination: String, readonly: Bool = false) {
        self.source = source
        self.destination = destination
        self.readonly = readonly
    }

    public init(parsing text: String) throws(CoreError) {
        let stage = "-v \(text)"
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty else {
            throw CoreError(stage: stage, detail: "expected HOSTDIR:/path[:ro] or NAME:/path[:ro|rw]")
        }
        var readonly = false
        if parts.count == 3 {
            switch parts[2] {
            case "ro": readonly = true
            case "rw": readonly = false
            default: throw CoreError(stage: stage, detail: "unknown option '\(parts[2])': use ro or rw")
            }
        }
        let destination = parts[1]
        guard destination.hasPrefix("/"), !destination.split(separator: "/").contains("..") else {
            throw CoreError(stage: stage, detail: "the container path '\(destination)' must be absolute and without '..'")
        }
        guard destination != "/" else {
            throw CoreError(stage: stage, detail: "a volume cannot be mounted over the container's root: choose a directory such as /data")
        }
        let source: Source
        if parts[0].hasPrefix("/") {
            guard !parts[0].split(separator: "/").contains("..") else {
                throw CoreError(stage: stage, detail: "the host path '\(parts[0])' must not contain '..'")
            }
            source = .bind(parts[0])
        } else {
            guard !parts[0].hasPrefix("."), !parts[0].contains("/") else {
                throw CoreError(stage: stage, detail: "a host directory must be an absolute path, not '\(parts[0])' (a bare NAME is a named volume)")
            }
            try AppNetwork.validateName(parts[0], what: "volume")
            source = .named(parts[0])
        }
        self.init(source: source, destination: destination, readonly: readonly)
    }

    /// The named volume's name, nil for a bind mount.
    public var volumeName: String? {
        if case .named(let name) = source { return name }
        return nil
    }
}
