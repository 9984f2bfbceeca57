/// One mounted cgroup hierarchy: a v1 hierarchy with its controllers, or the cgroup2 tree.
public struct CgroupHierarchy: Sendable, Equatable, Hashable {
    public enum Version: Sendable, Equatable, Hashable { case v1, v2 }

    public var version: Version
    /// Absolute mount point, e.g. /sys/fs/cgroup/memory or /sys/fs/cgroup/unified.
    public var mountPoint: String
    /// v1: the mount's controllers, joined ones together (`["cpu", "cpuacct"]`) and named
    /// hierarchies as `name=systemd`. v2: the root's cgroup.controllers (empty until read).
    public var controllers: [String]

    public init(version: Version, mountPoint: String, controllers: [String]) {
        self.version = version
        self.mountPoint = mountPoint
        self.controllers = controllers
    }

    public func has(_ controller: String) -> Bool { controllers.contains(controller) }
}
