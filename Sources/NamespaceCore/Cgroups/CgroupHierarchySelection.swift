/// Which cgroup v1 hierarchies a new cgroup is made in. A v2 host has one tree; a hybrid
/// host's cgroup2 tree is joined either way (for tracking and CLONE_INTO_CGROUP).
public enum CgroupHierarchySelection: Sendable, Equatable {
    /// Every hierarchy of a controller the project uses, as runc and crun do: for cgroups
    /// whose limits may change while they live (`cbench-oci update`) and for system
    /// containers, whose init (systemd) wants its own `name=systemd` cgroup.
    case everyUsed
    /// The hierarchies the container is accounted, scheduled, confined and frozen in
    /// (memory, pids, cpu, cpuacct, devices, freezer, blkio) plus those its resources set
    /// limits in (cpuset, hugetlb): for an application container, whose limits are fixed
    /// when it starts. Without cpuset limits its cpuset cgroup would only copy the parent's
    /// CPUs and memory nodes, and `name=systemd` has no controller at all.
    case limitedToResources
}

extension CgroupV1 {
    /// Controllers every cgroup of `.limitedToResources` is made in.
    static let alwaysUsedControllers: Set<String> = ["memory", "pids", "cpu", "cpuacct", "devices", "freezer", "blkio"]

    /// The controllers whose hierarchies a cgroup with these v1 `writes` goes in.
    static func controllers(limitedBy writes: [CgroupFileWrite], selection: CgroupHierarchySelection) -> Set<String> {
        let limited = Set(writes.map(\.controller))
        switch selection {
        case .everyUsed: return usedControllers.union(limited)
        case .limitedToResources: return alwaysUsedControllers.union(limited)
        }
    }
}
