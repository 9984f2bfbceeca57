extension CgroupV1 {
    /// The period goes first: a quota is checked against the period in force when written.
    static func cpuWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        var writes: [CgroupFileWrite] = []
        if let shares = resources.cpuShares {
            writes.append(CgroupFileWrite(file: "cpu.shares", value: String(shares), feature: .cpuShares))
        }
        if let period = resources.cpuPeriod {
            writes.append(CgroupFileWrite(file: "cpu.cfs_period_us", value: String(period), feature: .cpuQuota))
        }
        if let quota = resources.cpuQuota {
            writes.append(CgroupFileWrite(file: "cpu.cfs_quota_us", value: String(quota), feature: .cpuQuota))
        }
        return writes
    }
}
