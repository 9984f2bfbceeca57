/// The control files and values cgroup v2 uses for a set of resources.
enum CgroupV2 {
    /// Controllers always enabled for a container's cgroup when the host offers them,
    /// so its usage can be read even without limits.
    static let statsControllers: [String] = ["cpu", "memory", "pids"]

    /// Every write, in order. Throws when the resources cannot be expressed on v2
    /// (a swap limit without a memory limit, or one below it).
    static func writes(for resources: CgroupResources) throws(CoreError) -> [CgroupFileWrite] {
        // v2 cpusets start from the parent's effective set: nothing to copy, unlike v1.
        try memoryWrites(resources) + pidsWrites(resources) + cpuWrites(resources) + resources.cpusetWrites
            + ioWrites(resources) + hugetlbWrites(resources)
    }

    /// The controllers the cgroup needs enabled in its ancestors' cgroup.subtree_control.
    static func neededControllers(for writes: [CgroupFileWrite]) -> [String] {
        var needed = statsControllers
        for write in writes where !needed.contains(write.controller) { needed.append(write.controller) }
        return needed
    }

    /// v2 writes "max" where OCI and v1 say -1.
    static func limitText(_ value: Int64) -> String {
        value < 0 ? "max" : String(value)
    }
}
