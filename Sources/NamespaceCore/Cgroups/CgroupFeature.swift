/// A resource control that may be requested but cannot be enforced on every host.
public enum CgroupFeature: String, Sendable, Equatable, Hashable, CaseIterable {
    case memory, memoryReservation, memorySwap, pids, cpuShares, cpuQuota, cpuset, devices, freezer
}

extension Cgroup {
    /// Controls `create` cannot enforce through cgroupfs on `mode`: device rules on v2 need
    /// an eBPF program (`CgroupDeviceProgram.attach`), which the caller attaches after `create`
    /// (the app mode does; the OCI and system modes do not yet).
    public static func unsupported(on mode: CgroupMode) -> Set<CgroupFeature> {
        mode == .v2 ? [.devices] : []
    }
}
