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
    /// Directories the container's processes are put in but that are not its own: the
    /// store's shared cpuset cgroup (`SharedCpuset`). Never read for its pids, signalled,
    /// written or removed through this cgroup: other containers' tasks are in it too.
    /// Known at `create`; for an opened cgroup it is looked up (from its first task's
    /// /proc/PID/cpuset) when first asked, so that opens that never use it (kill, delete,
    /// state) read nothing more, and kept for the next ask.
    public var sharedDirectories: [CgroupDirectory] {
        sharedLookup.value { Self.sharedCpusetOfTasks(own: directories, host: host) }
    }
    private let sharedLookup: SharedDirectoriesLookup
    /// Held from `create` until the container's process is in the shared directories
    /// (`releaseJoinLock()`), so that no one removes them as unused meanwhile.
    let joinLock: CgroupDirectoryLock?

    init(path: String, host: CgroupHost, directories: [CgroupDirectory], ownedLevels: [String],
         unsupportedOnThisMode: [CgroupFeature], sharedDirectories: [CgroupDirectory]? = [],
         joinLock: CgroupDirectoryLock? = nil) {
        self.path = path
        self.host = host
        self.directories = directories
        self.ownedLevels = ownedLevels
        self.unsupportedOnThisMode = unsupportedOnThisMode
        sharedLookup = SharedDirectoriesLookup(known: sharedDirectories)
        self.joinLock = joinLock
    }

    /// Every directory a process of the container is in: its own and the shared ones.
    public var placedDirectories: [CgroupDirectory] { directories + sharedDirectories }

    /// Called once the container's first process is in: the shared directories may go once
    /// it has left them.
    public func releaseJoinLock() { joinLock?.release() }

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
