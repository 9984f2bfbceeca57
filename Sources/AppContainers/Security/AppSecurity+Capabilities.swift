import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

extension AppSecurity {
    /// The capabilities a container's root gets: Docker's 14 (moby's oci/caps defaults) without
    /// CAP_NET_RAW, so no raw or packet sockets (forged packets, sniffing the container's
    /// interfaces); ping still works through ICMP datagram sockets (`allowPingForAllGroups`).
    /// `--cap-add NET_RAW` gives it back.
    public static let defaultCapabilityNames: [String] = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]

    /// The default set as numbers.
    public static var defaultCapabilitySet: Set<UInt32> {
        Set(defaultCapabilityNames.compactMap { Capability.number(named: $0) })
    }

    /// Root's sets for a capability list: bounding = effective = permitted, inheritable and
    /// ambient empty (Docker's choice for uid 0; a non-root user gets no effective caps
    /// after execve anyway, as with Docker).
    public static func capabilitySets(_ capabilities: Set<UInt32>) -> CapabilitySets {
        CapabilitySets(bounding: capabilities, effective: capabilities, permitted: capabilities)
    }

    /// The default set as launch sets.
    public static var defaultCapabilities: CapabilitySets { capabilitySets(defaultCapabilitySet) }

    /// Docker's resolution of `--cap-add` / `--cap-drop`: names with or without `CAP_`, any
    /// case; `ALL` in `add` means every capability, in `drop` means start from nothing.
    /// Adds win over drops for the same capability, as in Docker; an unknown name is an error.
    public static func resolveCapabilities(add: [String], drop: [String]) throws(CoreError) -> Set<UInt32> {
        let addAll = add.contains { $0.uppercased() == "ALL" }
        let dropAll = drop.contains { $0.uppercased() == "ALL" }
        let added = try parseNames(add.filter { $0.uppercased() != "ALL" }, flag: "--cap-add")
        let dropped = try parseNames(drop.filter { $0.uppercased() != "ALL" }, flag: "--cap-drop")
        if addAll {
            let every = Set(0...Capability.lastKnown)
            return dropAll ? every : every.subtracting(dropped)
        }
        var result = dropAll ? Set<UInt32>() : defaultCapabilitySet.subtracting(dropped)
        result.formUnion(added)
        return result
    }

    /// `wanted` within the host's bounding set. A capability added by name (`named`, the
    /// `--cap-add` texts) that the host lacks is an error naming it; those that came with
    /// `ALL` are left out and returned, for a warning.
    public static func limitToHost(_ wanted: Set<UInt32>, named: [String], available: Set<UInt32>) throws(CoreError)
        -> (kept: Set<UInt32>, leftOut: Set<UInt32>) {
        let explicit = try parseNames(named.filter { $0.uppercased() != "ALL" }, flag: "--cap-add")
        if let missing = explicit.subtracting(available).min() {
            throw CoreError(stage: "--cap-add \(Capability.name(of: missing))", errno: EPERM,
                            detail: "this host's bounding set lacks it (see CapBnd in /proc/self/status), so no container here can hold it; leave it out")
        }
        return (wanted.intersection(available), wanted.subtracting(available))
    }

    static func parseNames(_ names: [String], flag: String) throws(CoreError) -> Set<UInt32> {
        var result = Set<UInt32>()
        for name in names {
            guard let number = Capability.number(named: name) else {
                throw CoreError(stage: flag, errno: EINVAL,
                                detail: "unknown capability '\(name)'; use a name like NET_ADMIN or CAP_NET_ADMIN, or ALL")
            }
            result.insert(number)
        }
        return result
    }
}
