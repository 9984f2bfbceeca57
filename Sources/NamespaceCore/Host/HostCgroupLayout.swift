/// How this host mounts cgroups.
public enum HostCgroupMode: String, Sendable, Codable {
    /// Only v1 hierarchies.
    case v1
    /// One cgroup2 hierarchy at /sys/fs/cgroup.
    case v2
    /// v1 hierarchies plus a cgroup2 hierarchy (usually /sys/fs/cgroup/unified).
    case hybrid
    /// No cgroup file system mounted.
    case none
}

/// One mounted cgroup hierarchy and the controllers bound to it.
public struct HostCgroupHierarchy: Sendable, Equatable, Codable {
    public var version: Int
    public var mountPoint: String
    /// v1: the controllers in the mount's options (and `name=...` for named hierarchies);
    /// v2: the contents of `cgroup.controllers`.
    public var controllers: [String]

    public init(version: Int, mountPoint: String, controllers: [String]) {
        self.version = version
        self.mountPoint = mountPoint
        self.controllers = controllers
    }
}

public struct HostCgroupLayout: Sendable, Equatable, Codable {
    public var mode: HostCgroupMode
    public var hierarchies: [HostCgroupHierarchy]

    public init(mode: HostCgroupMode, hierarchies: [HostCgroupHierarchy]) {
        self.mode = mode
        self.hierarchies = hierarchies
    }

    static let v1Controllers: Set<String> = [
        "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "net_prio", "blkio",
        "perf_event", "hugetlb", "pids", "rdma", "misc",
    ]

    /// Reads the layout from the mount table and, for cgroup2, `cgroup.controllers`.
    public static func detect(mounts: [HostMountEntry], root: HostRoot = .system) -> HostCgroupLayout {
        var hierarchies: [HostCgroupHierarchy] = []
        for mount in mounts {
            switch mount.fsType {
            case "cgroup":
                let controllers = mount.superOptions.filter { v1Controllers.contains($0) || $0.hasPrefix("name=") }
                hierarchies.append(HostCgroupHierarchy(version: 1, mountPoint: mount.mountPoint, controllers: controllers))
            case "cgroup2":
                let listed = root.read(hostJoin(mount.mountPoint, "cgroup.controllers")) ?? ""
                let controllers = listed.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
                hierarchies.append(HostCgroupHierarchy(version: 2, mountPoint: mount.mountPoint, controllers: controllers))
            default:
                continue
            }
        }
        let hasV1 = hierarchies.contains { $0.version == 1 }
        let hasV2 = hierarchies.contains { $0.version == 2 }
        let mode: HostCgroupMode = switch (hasV1, hasV2) {
        case (true, true): .hybrid
        case (true, false): .v1
        case (false, true): .v2
        case (false, false): .none
        }
        return HostCgroupLayout(mode: mode, hierarchies: hierarchies)
    }

    /// Controllers held by the cgroup2 hierarchy of a hybrid host. crun 1.8 refuses to run while
    /// this is not empty ("drop all controllers from cgroupv2"); binding them to v1 fixes it.
    public var hybridControllersInV2: [String] {
        guard mode == .hybrid else { return [] }
        return hierarchies.filter { $0.version == 2 }.flatMap(\.controllers)
    }
}
