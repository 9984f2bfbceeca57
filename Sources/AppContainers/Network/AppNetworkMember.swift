import NamespaceCore

/// One container's place on one network: its address, its interface inside, the host end of
/// its veth and the hosts file to keep current. Kept in the network's member file while the
/// container is attached; `pid` and `pidStartTime` let a member whose container died without
/// disconnecting be recognised and its address reused.
public struct AppNetworkMember: Codable, Sendable, Equatable {
    public var containerID: String
    public var containerName: String
    public var address: String
    /// eth0, eth1... inside the container.
    public var interface: String
    /// The host end of the veth pair (on the network's bridge).
    public var hostLink: String
    /// The container's own hosts file (bind-mounted at /etc/hosts), rewritten in place.
    public var hostsFile: String?
    public var pid: Int32?
    public var pidStartTime: UInt64?

    public init(containerID: String, containerName: String, address: IPv4Address, interface: String, hostLink: String,
                hostsFile: String?, pid: Int32?, pidStartTime: UInt64?) {
        self.containerID = containerID
        self.containerName = containerName
        self.address = address.description
        self.interface = interface
        self.hostLink = hostLink
        self.hostsFile = hostsFile
        self.pid = pid
        self.pidStartTime = pidStartTime
    }

    /// The name other containers also know it by: the start of its id, as Docker adds.
    public var alias: String { String(containerID.prefix(12)) }

    /// False only when the recorded process is known to be gone (a reused pid has another start time).
    public var isAlive: Bool {
        guard let pid, let pidStartTime else { return true }
        return ProcessLiveness.isAlive(pid: pid, startTime: pidStartTime)
    }
}

/// What `AppNetworking.connect` returns for each network joined: store it with the container
/// (inspect shows it); `disconnect` needs only the container's id.
public struct AppNetworkAttachment: Codable, Sendable, Equatable {
    public var network: String
    public var interface: String
    /// The container's address with the subnet's prefix length, e.g. "10.77.3.2/24".
    public var address: String
    public var gateway: String
    public var hostLink: String
    public var bridge: String

    public init(network: String, interface: String, address: String, gateway: String, hostLink: String, bridge: String) {
        self.network = network
        self.interface = interface
        self.address = address
        self.gateway = gateway
        self.hostLink = hostLink
        self.bridge = bridge
    }
}
