extension CgroupV2 {
    static func cpuWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        var writes: [CgroupFileWrite] = []
        if let shares = resources.cpuShares, shares != 0 {
            writes.append(CgroupFileWrite(file: "cpu.weight", value: String(weight(fromShares: shares)), feature: .cpuShares))
        }
        if let max = cpuMax(quota: resources.cpuQuota, period: resources.cpuPeriod) {
            writes.append(CgroupFileWrite(file: "cpu.max", value: max, feature: .cpuQuota))
        }
        return writes
    }

    /// Maps v1 shares (2...262144) linearly onto v2 weight (1...10000), the mapping runc
    /// and crun use, so a container gets the same weight whichever runtime starts it.
    static func weight(fromShares shares: UInt64) -> UInt64 {
        let clamped = min(max(shares, 2), 262_144)
        return 1 + ((clamped - 2) * 9_999) / 262_142
    }

    /// `quota period`, `max period`, or `quota` alone (the kernel keeps the period).
    static func cpuMax(quota: Int64?, period: UInt64?) -> String? {
        guard quota != nil || period != nil else { return nil }
        let quotaText = quota.map { $0 > 0 ? String($0) : "max" } ?? "max"
        guard let period else { return quotaText }
        return "\(quotaText) \(period)"
    }
}
