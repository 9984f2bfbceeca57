/// A resource control that may be requested but cannot be enforced on every host.
public enum CgroupFeature: String, Sendable, Equatable, Hashable, CaseIterable {
    case memory, memoryReservation, memorySwap, pids, cpuShares, cpuQuota, cpuset, devices, freezer
}

extension Cgroup {
    /// Controls this project does not enforce at all on `mode`: device rules on v2 need an
    /// eBPF program (BPF_CGROUP_DEVICE) that is not written yet.
    public static func unsupported(on mode: CgroupMode) -> Set<CgroupFeature> {
        mode == .v2 ? [.devices] : []
    }
}
