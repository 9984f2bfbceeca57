/// The cgroup hierarchies of a host and the mode they add up to.
public struct CgroupLayout: Sendable, Equatable {
    public var mode: CgroupMode
    /// v1 hierarchies in mountinfo order, the first mount of each controller set only.
    public var v1Hierarchies: [CgroupHierarchy]
    /// The cgroup2 tree: the whole cgroup root on v2, the tracking tree on hybrid, nil on v1.
    public var unified: CgroupHierarchy?

    public init(mode: CgroupMode, v1Hierarchies: [CgroupHierarchy], unified: CgroupHierarchy?) {
        self.mode = mode
        self.v1Hierarchies = v1Hierarchies
        self.unified = unified
    }

    /// The v1 hierarchy that carries `controller` (`memory`, `cpuacct`, `name=systemd`...).
    public func v1Hierarchy(for controller: String) -> CgroupHierarchy? {
        v1Hierarchies.first { $0.has(controller) }
    }

    /// Every hierarchy, v1 ones first.
    public var allHierarchies: [CgroupHierarchy] {
        v1Hierarchies + (unified.map { [$0] } ?? [])
    }
}
