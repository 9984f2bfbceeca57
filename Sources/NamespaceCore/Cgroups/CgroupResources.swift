/// Resource limits for one cgroup, in OCI terms; nil leaves the kernel default.
public struct CgroupResources: Sendable, Equatable {
    /// Hard memory limit in bytes; -1 is unlimited.
    public var memoryLimit: Int64?
    /// Soft limit (v1 soft_limit_in_bytes, v2 memory.low) in bytes; -1 is unlimited.
    public var memoryReservation: Int64?
    /// Memory plus swap in bytes (v1 memsw); -1 is unlimited. On v2 it becomes
    /// memory.swap.max = memorySwapLimit - memoryLimit.
    public var memorySwapLimit: Int64?
    /// Maximum number of tasks; 0 or less is unlimited.
    public var pidsLimit: Int64?
    /// v1 cpu.shares (2...262144); converted to cpu.weight on v2.
    public var cpuShares: UInt64?
    /// CFS quota in microseconds per period; -1 is unlimited.
    public var cpuQuota: Int64?
    /// CFS period in microseconds.
    public var cpuPeriod: UInt64?
    /// cpuset list syntax, e.g. `0-1` or `0,2`.
    public var cpusetCpus: String?
    public var cpusetMems: String?
    /// Applied in order, as OCI `linux.resources.devices` lists them.
    public var devices: [CgroupDeviceRule]
    /// Block I/O weight, 10-1000 (v1 blkio.weight or blkio.bfq.weight; v2 io.weight scaled).
    public var blkioWeight: UInt16?
    /// v1 memory.swappiness, 0-100 (v2 has none).
    public var memorySwappiness: UInt64?
    /// v1 memory.oom_control = 1: the OOM killer pauses the cgroup instead (v2 has none).
    public var disableOOMKiller: Bool = false
    /// v1 memory.kmem.tcp.limit_in_bytes (v2 has none).
    public var kernelTCPLimit: Int64?
    /// hugetlb limits, one per page size (v1 hugetlb.SIZE.limit_in_bytes, v2 hugetlb.SIZE.max).
    public var hugepageLimits: [CgroupHugepageLimit]

    public init(
        memoryLimit: Int64? = nil, memoryReservation: Int64? = nil, memorySwapLimit: Int64? = nil,
        pidsLimit: Int64? = nil, cpuShares: UInt64? = nil, cpuQuota: Int64? = nil, cpuPeriod: UInt64? = nil,
        cpusetCpus: String? = nil, cpusetMems: String? = nil, devices: [CgroupDeviceRule] = [],
        blkioWeight: UInt16? = nil, memorySwappiness: UInt64? = nil, disableOOMKiller: Bool = false,
        kernelTCPLimit: Int64? = nil, hugepageLimits: [CgroupHugepageLimit] = []
    ) {
        self.memoryLimit = memoryLimit
        self.memoryReservation = memoryReservation
        self.memorySwapLimit = memorySwapLimit
        self.pidsLimit = pidsLimit
        self.cpuShares = cpuShares
        self.cpuQuota = cpuQuota
        self.cpuPeriod = cpuPeriod
        self.cpusetCpus = cpusetCpus
        self.cpusetMems = cpusetMems
        self.devices = devices
        self.blkioWeight = blkioWeight
        self.memorySwappiness = memorySwappiness
        self.disableOOMKiller = disableOOMKiller
        self.kernelTCPLimit = kernelTCPLimit
        self.hugepageLimits = hugepageLimits
    }
}
