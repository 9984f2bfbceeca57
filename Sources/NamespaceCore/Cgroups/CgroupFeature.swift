/// A resource control that may be requested but cannot be enforced on every host.
public enum CgroupFeature: String, Sendable, Equatable, Hashable, CaseIterable {
    case memory, memoryReservation, memorySwap, pids, cpuShares, cpuQuota, cpuset, devices, freezer, blkioWeight,
        memorySwappiness, oomKillDisable, kernelTCP, hugetlb
}
