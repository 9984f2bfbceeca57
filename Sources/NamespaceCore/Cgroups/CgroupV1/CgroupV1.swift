/// The control files and values cgroup v1 uses for a set of resources.
enum CgroupV1 {
    /// Controllers whose hierarchies a container's cgroup is created in; `name=systemd`
    /// so that systemd-aware tools see the container apart from its caller.
    static let usedControllers: Set<String> = [
        "memory", "pids", "cpu", "cpuacct", "cpuset", "devices", "freezer", "blkio", "name=systemd",
    ]
    /// Controllers a cgroup is made in only when its resources ask for them: a container
    /// without hugetlb limits pays no mkdir, join and rmdir in that hierarchy.
    static let onDemandControllers: Set<String> = ["hugetlb"]

    /// The controllers `resources` needs beyond `usedControllers`.
    static func demandedControllers(_ resources: CgroupResources) -> Set<String> {
        resources.hugepageLimits.isEmpty ? [] : ["hugetlb"]
    }

    /// Every write, in the order it must happen.
    static func writes(for resources: CgroupResources) -> [CgroupFileWrite] {
        memoryWrites(resources) + pidsWrites(resources) + cpuWrites(resources)
            + resources.cpusetWrites + deviceWrites(resources) + blkioWrites(resources)
            + hugetlbWrites(resources)
    }
}
