/// Where the two containers of a network measurement stand and what joins them.
public enum NetworkPlacement: String, Sendable, Codable, CaseIterable {
    /// Both on this machine, on one bridge of the target's own making.
    case bridge
    /// One on each of two lab hosts, in one layer-2 network over VXLAN.
    case overlay
    /// One on each of two lab hosts, each host routing its block over the underlay.
    case routed

    /// Whether the pair spans two hosts (the lab's).
    public var spansHosts: Bool { self != .bridge }
}

/// Whether a target can place a pair one way; when not, why, with the command that shows it
/// and what it printed (Docker's own refusal of an overlay without swarm, say).
public enum NetworkSupport: Sendable, Equatable {
    case supported
    case notSupported(reason: String, command: String?, evidence: String)

    public var isSupported: Bool { self == .supported }
}

/// One container of a pair as the measurement sees it: a process in its network namespace
/// (lab hosts share this machine's pids) and the address its peer reaches it at.
public struct NetworkEndpoint: Sendable, Equatable {
    public var container: String
    public var site: String
    public var pid: Int32
    public var address: String

    public init(container: String, site: String, pid: Int32, address: String) {
        self.container = container
        self.site = site
        self.pid = pid
        self.address = address
    }
}

/// What a target is asked to place: the client's and the server's site, and for a pair
/// across hosts the network's subnet and its peers (the sites' underlay addresses, client first).
public struct NetworkPairRequest: Sendable, Equatable {
    public var placement: NetworkPlacement
    public var client: NetworkSite
    public var server: NetworkSite
    /// Unique in the run; names the containers, networks and bridges of the pair.
    public var id: String
    public var rootfs: String
    /// Across hosts: the subnet every host of the network is given (`cbench app network create --subnet`).
    public var subnet: String

    public init(placement: NetworkPlacement, client: NetworkSite, server: NetworkSite, id: String, rootfs: String, subnet: String) {
        self.placement = placement
        self.client = client
        self.server = server
        self.id = id
        self.rootfs = rootfs
        self.subnet = subnet
    }

    /// Across hosts, every host's underlay address in peer order.
    public var peers: [String] { [client, server].compactMap(\.underlayAddress) }
}

/// A placed pair and how to take it apart again.
public struct NetworkPair: Sendable {
    public var client: NetworkEndpoint
    public var server: NetworkEndpoint
    /// What the pair stands on, in words, for the report (`docker bridge network`, `VXLAN 4789`).
    public var description: String
    let undo: PairUndo

    init(client: NetworkEndpoint, server: NetworkEndpoint, description: String, undo: PairUndo) {
        self.client = client
        self.server = server
        self.description = description
        self.undo = undo
    }

    /// Removes the containers, networks and links of the pair, last made first. Never throws.
    public func remove() { undo.run() }
}

extension NetworkEndpoint {
    /// What a placed container runs: it only has to stay up while the tools run in its
    /// network namespace.
    public static let idleCommand = ["sleep", "2147483647"]

    /// `10.77.0.2/24` or `10.77.0.2` to `10.77.0.2`.
    public static func bareAddress(_ text: String) -> String {
        String(text.split(separator: "/").first ?? Substring(text))
    }
}
