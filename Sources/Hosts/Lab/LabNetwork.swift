import NamespaceCore

/// The lab's underlay over rtnetlink: one bridge on the host holding the bridge address, and
/// per lab host a veth pair whose host end joins the bridge and whose other end is born as
/// eth0 inside the host's network namespace. No route leaves the subnet: the lab hosts reach
/// the host and each other, nothing else. Both sockets are injected, so the request sequence
/// is tested with `RecordingNetlinkSocket`.
public struct LabNetwork {
    public let host: RouteNetlink
    /// rtnetlink inside one lab host's namespace.
    public let inside: (LabHostPlan) throws -> RouteNetlink

    public init(host: RouteNetlink, inside: @escaping (LabHostPlan) throws -> RouteNetlink) {
        self.host = host
        self.inside = inside
    }

    /// Real sockets: the caller's namespace and /run/netns/cbench-labN.
    public static func real() throws -> LabNetwork {
        LabNetwork(host: try RouteNetlink(), inside: { try NetworkNamespace(name: $0.networkNamespace).routeNetlink() })
    }

    public func createBridge(_ plan: LabPlan) throws {
        try host.createBridge(named: LabPlan.bridgeName)
        try host.addAddress(plan.bridgeAddress, to: LabPlan.bridgeName)
        try host.setUp(LabPlan.bridgeName)
    }

    /// Wires `hostPlan` whose namespace is open as `namespace` (a descriptor or a process in it).
    public func connect(_ hostPlan: LabHostPlan, namespace: RouteNetlink.NamespaceTarget) throws {
        try host.createVethPair(named: hostPlan.hostLink, peer: LabHostPlan.underlayInterface, peerNamespace: namespace)
        try host.setMaster(hostPlan.hostLink, master: LabPlan.bridgeName)
        try host.setUp(hostPlan.hostLink)
        let netlink = try inside(hostPlan)
        try netlink.setUp("lo")
        try netlink.addAddress(hostPlan.address, to: LabHostPlan.underlayInterface)
        try netlink.setUp(LabHostPlan.underlayInterface)
    }
}
