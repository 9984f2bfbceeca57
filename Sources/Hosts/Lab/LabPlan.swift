import NamespaceCore

/// Everything about a lab that follows from its size and underlay subnet, computed before
/// anything is made: names, addresses, namespaces, cgroups and directories of each host.
/// Pure data, so the plan is unit-tested without root.
public struct LabPlan: Sendable, Equatable {
    public static let defaultSubnet = IPv4Prefix(IPv4Address(10, 251, 0, 0), length: 24)
    public static let maximumHosts = 64
    /// The lab's own directory of run-time state (keys, configs, records).
    public static let stateDirectory = ProjectDirectories.runtime + "/lab"
    /// The parent of the hosts' private stores (each host's /var/lib/cbench).
    public static let storeDirectory = ProjectDirectories.persistent + "/lab"
    /// Every lab host's cgroup lives below this, in every hierarchy.
    public static let cgroupParent = CgroupPaths.labParent
    public static let bridgeName = Leftovers.linkPrefix + "-lab"
    public static let hostNamePrefix = "lab"

    public var subnet: IPv4Prefix
    public var hosts: [LabHostPlan]

    public var bridgeAddress: IPv4Prefix { IPv4Prefix(Self.offset(subnet, by: 1), length: subnet.length) }

    public init(hostCount: Int, subnet: IPv4Prefix = LabPlan.defaultSubnet) throws(CoreError) {
        guard (1...Self.maximumHosts).contains(hostCount) else {
            throw CoreError(stage: "lab up --hosts \(hostCount)", detail: "a lab has 1 to \(Self.maximumHosts) hosts")
        }
        guard subnet.length <= 30, Self.capacity(of: subnet) >= hostCount + 1 else {
            throw CoreError(stage: "lab up --subnet \(subnet)", detail: "the subnet has no room for a bridge address and \(hostCount) hosts")
        }
        self.subnet = subnet.network
        hosts = (1...hostCount).map { number in
            LabHostPlan(name: "\(Self.hostNamePrefix)\(number)",
                        address: IPv4Prefix(Self.offset(subnet.network, by: UInt32(number + 1)), length: subnet.length))
        }
    }

    public func host(named name: String) -> LabHostPlan? { hosts.first { $0.name == name } }

    /// Host addresses of a subnet, network and broadcast excluded.
    static func capacity(of subnet: IPv4Prefix) -> Int {
        (1 << (32 - Int(subnet.length))) - 2
    }

    /// The address `count` above the subnet's network address.
    static func offset(_ subnet: IPv4Prefix, by count: UInt32) -> IPv4Address {
        let base = subnet.network.address.bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let value = base &+ count
        return IPv4Address(UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff))
    }
}

/// One simulated host: its UTS name and every object named after it.
public struct LabHostPlan: Sendable, Equatable {
    public var name: String
    /// Its underlay address with the subnet's prefix length.
    public var address: IPv4Prefix

    public init(name: String, address: IPv4Prefix) {
        self.name = name
        self.address = address
    }

    /// /run/netns/cbench-lab1: the host's network namespace, kept by a bind mount.
    public var networkNamespace: String { NetworkNamespace.namePrefix + name }
    /// The host end of its veth on the lab bridge (the other end is eth0 inside).
    public var hostLink: String { NetworkNamespace.namePrefix + name }
    public static let underlayInterface = "eth0"
    /// Relative to every hierarchy root: cbench/lab/lab1.
    public var cgroupPath: String { "\(LabPlan.cgroupParent)/\(name)" }
    /// The host's own directory of lab state: its sshd's /etc/ssh, its log, its record.
    public var stateDirectory: String { "\(LabPlan.stateDirectory)/hosts/\(name)" }
    public var sshDirectory: String { "\(stateDirectory)/ssh" }
    public var recordPath: String { "\(stateDirectory)/host.json" }
    public var logPath: String { "\(stateDirectory)/sshd.log" }
    /// What the host sees as /var/lib/cbench.
    public var storeDirectory: String { "\(LabPlan.storeDirectory)/\(name)" }
}
