/// The cgroup of one container: its directory in every hierarchy it lives in.
/// Made by `Cgroup.create` (which applies limits) or found again by `Cgroup.open`.
public struct Cgroup: Sendable {
    /// Relative to each hierarchy root, e.g. `cbench/oci-ID`.
    public let path: String
    public let host: CgroupHost
    /// One directory per hierarchy, v1 hierarchies first, then the cgroup2 one.
    public let directories: [CgroupDirectory]
    /// The levels `remove()` deletes, shallowest first. The project parent (`cbench`) is not
    /// among them: it is shared by every container and stays in place.
    public let ownedLevels: [String]
    /// Requested controls that are not enforced here (v2 devices, memsw without swap
    /// accounting, a controller that is not mounted). Callers decide whether that matters.
    public internal(set) var unsupportedOnThisMode: [CgroupFeature]

    init(path: String, host: CgroupHost, directories: [CgroupDirectory], ownedLevels: [String],
         unsupportedOnThisMode: [CgroupFeature]) {
        self.path = path
        self.host = host
        self.directories = directories
        self.ownedLevels = ownedLevels
        self.unsupportedOnThisMode = unsupportedOnThisMode
    }

    public var mode: CgroupMode { host.mode }
    var fs: any CgroupFS { host.fs }

    /// The directory whose hierarchy carries `controller`: on v2 the single directory.
    public func directory(for controller: String) -> CgroupDirectory? {
        if host.mode == .v2 { return directories.first { $0.hierarchy.version == .v2 } }
        return directories.first { $0.hierarchy.version == .v1 && $0.hierarchy.has(controller) }
    }

    /// The cgroup2 directory: the only one on v2, the tracking one on hybrid.
    public var unifiedDirectory: CgroupDirectory? {
        directories.first { $0.hierarchy.version == .v2 }
    }
}

/// A cgroup's directory in one hierarchy.
public struct CgroupDirectory: Sendable, Equatable {
    public var hierarchy: CgroupHierarchy
    /// Absolute, e.g. /sys/fs/cgroup/memory/cbench/oci-ID.
    public var path: String

    public init(hierarchy: CgroupHierarchy, path: String) {
        self.hierarchy = hierarchy
        self.path = path
    }

    public func file(_ name: String) -> String { path + "/" + name }
}
