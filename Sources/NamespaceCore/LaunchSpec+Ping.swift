extension LaunchSpec {
    /// The sysctl that lets the listed groups open ICMP datagram sockets (`ping` without
    /// CAP_NET_RAW); per network namespace.
    public static let pingGroupRangeKey = "net.ipv4.ping_group_range"

    /// The highest gid the kernel accepts in `ping_group_range` (GID_T_MAX), Docker's upper bound.
    static let pingGroupRangeMax: UInt64 = 2_147_483_647

    /// Lets every group of the container ping without CAP_NET_RAW, as Docker's and podman's
    /// default sysctls do: `net.ipv4.ping_group_range` set in the container's own network
    /// namespace. Nothing is set when the spec creates no network namespace (the host's, or one
    /// it joins, is not this container's to change), when it mounts no proc of its own at /proc
    /// to write it through, or when the value is already set.
    ///
    /// Inside a user namespace the kernel reads both bounds as gids of the writer's namespace and
    /// refuses one that is not mapped (EINVAL), so the range ends at the highest mapped gid.
    public mutating func allowPingForAllGroups() {
        guard sysctl[Self.pingGroupRangeKey] == nil, createsNetworkNamespace,
              rootfs == nil || mounts.contains(where: { $0.type == "proc" && $0.destination == "/proc" }) else { return }
        guard let high = pingGroupRangeHigh else { return }
        sysctl[Self.pingGroupRangeKey] = "0 \(high)"
    }

    /// Whether the launch makes a network namespace of its own (not one it joins).
    public var createsNetworkNamespace: Bool {
        namespaces.contains { $0.kind == .network && $0.path == nil }
    }

    /// The range's upper bound: GID_T_MAX without a new user namespace, else the highest gid
    /// of `gidMappings` (nil when gid 0 is not mapped: the range starts at 0).
    var pingGroupRangeHigh: UInt64? {
        guard namespaces.contains(where: { $0.kind == .user }) else { return Self.pingGroupRangeMax }
        guard gidMappings.contains(where: { $0.containerID == 0 && $0.size > 0 }) else { return nil }
        let highest = gidMappings.filter { $0.size > 0 }.map { UInt64($0.containerID) + UInt64($0.size) - 1 }.max() ?? 0
        return min(highest, Self.pingGroupRangeMax)
    }
}
