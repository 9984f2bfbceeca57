/// Something the project created and did not remove: found by `Leftovers.find`, removed by
/// `Leftovers.remove`. Every target carries `cbench` in its path or name.
public struct Leftover: Sendable, Equatable, Codable {
    /// In the order they must be removed: processes keep mounts and cgroups busy, mounts keep
    /// directories busy, and a state directory may still hold the pid files read first.
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        case process, mount, cgroup, networkNamespace, link, stateDirectory, temporaryPath

        var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.order < rhs.order }
    }

    public var kind: Kind
    /// Mount point, cgroup directory, netns file, directory or link name; for a process its pid.
    public var target: String
    /// Why it counts as ours: the state file or cgroup that names a process, a mount's type...
    public var evidence: String
    /// Processes only: the pid and its start time (field 22 of /proc/PID/stat) when found,
    /// checked again just before the signal so a reused pid is never hit.
    public var pid: Int32?
    public var startTime: UInt64?

    public init(kind: Kind, target: String, evidence: String, pid: Int32? = nil, startTime: UInt64? = nil) {
        self.kind = kind
        self.target = target
        self.evidence = evidence
        self.pid = pid
        self.startTime = startTime
    }

    /// The guard every removal passes: the path or name (for a process, its evidence) says `cbench`.
    public var isOurs: Bool {
        switch kind {
        case .process: evidence.contains("cbench")
        default: target.contains("cbench")
        }
    }

    /// One line for `cbench cleanup --dry-run`: `mount /run/cbench/x (overlay)`.
    public var summary: String {
        "\(kind.rawValue) \(target)" + (evidence.isEmpty ? "" : " (\(evidence))")
    }
}

/// What happened to one leftover during removal.
public struct LeftoverOutcome: Sendable, Equatable {
    public var leftover: Leftover
    /// nil when it is gone.
    public var error: CoreError?
    public init(leftover: Leftover, error: CoreError?) {
        self.leftover = leftover
        self.error = error
    }
}

/// Finds and removes what ContainerBench left on the host.
public enum Leftovers {
    /// Everything under these belongs to the project.
    public static let stateRoot = "/run/cbench"
    public static let cacheRoot = "/var/lib/cbench"
    /// Temporary paths are `/tmp/cbench-*`.
    public static let temporaryPrefix = "/tmp/cbench-"
    public static let netnsDirectory = "/run/netns"
    public static let netnsPrefix = "cbench-"
    public static let linkPrefix = "cbench"
    /// The parent cgroup below each hierarchy root.
    public static let cgroupParent = "cbench"
}
