import NamespaceCore

/// Picks subnets that overlap nothing already in use: the host's addresses and routes and the
/// other networks' subnets.
public enum SubnetChooser {
    /// The /24s tried in order when no --subnet is given: 10.77.0.0/16 first, then 172.29.0.0/16
    /// (both private, RFC 1918, and away from the ranges Docker and podman take first).
    public static let candidates: [IPv4Prefix] =
        (0...255).map { IPv4Prefix(IPv4Address(10, 77, UInt8($0), 0), length: 24) }
        + (0...255).map { IPv4Prefix(IPv4Address(172, 29, UInt8($0), 0), length: 24) }

    /// Whether the two prefixes share any address.
    public static func overlaps(_ a: IPv4Prefix, _ b: IPv4Prefix) -> Bool {
        let shorter = Int(min(a.length, b.length))
        return a.address.masked(to: shorter) == b.address.masked(to: shorter)
    }

    /// The first of `candidates` that overlaps none of `occupied`; a default route (0.0.0.0/0)
    /// in `occupied` counts for nothing, since it would overlap everything.
    public static func firstFree(candidates: [IPv4Prefix] = candidates, occupied: [IPv4Prefix]) -> IPv4Prefix? {
        let relevant = occupied.filter { !$0.isDefault }
        return candidates.first { candidate in !relevant.contains { overlaps(candidate, $0) } }
    }

    /// The occupied prefix `subnet` overlaps, if any (default routes ignored).
    public static func conflict(of subnet: IPv4Prefix, with occupied: [IPv4Prefix]) -> IPv4Prefix? {
        occupied.first { !$0.isDefault && overlaps(subnet, $0) }
    }
}
