/// How a network carries traffic. `bridge` stays on this host; `overlay` and `routed` join the
/// same network on several hosts (the `peers` of its definition, one underlay address each).
public enum AppNetworkDriver: String, Codable, Sendable, CaseIterable {
    /// A bridge on this host only (the default).
    case bridge
    /// One layer-2 segment over VXLAN: each host's bridge holds a VXLAN port whose forwarding
    /// entries flood to every peer.
    case overlay
    /// Each host routes its own block of the subnet; the others reach it through its
    /// underlay address (IP forwarding on every host, no encapsulation).
    case routed

    public var spansHosts: Bool { self != .bridge }
}
