import NamespaceCore

/// One `lxc.net.N.type = veth` network, checked and ready to wire: a veth pair whose host end
/// joins `bridge` and whose other end is created inside the container's network namespace.
public struct SystemVethPlan: Sendable, Equatable {
    /// Bridges are created on demand, so they carry the project prefix (`cbench cleanup`
    /// finds them) and stay within the kernel's 15-character interface names.
    public static let bridgePrefix = Leftovers.linkPrefix

    public var index: Int
    public var bridge: String
    /// The interface name inside the container (`lxc.net.N.name`, eth0, eth1... by default).
    public var containerName: String
    public var addresses: [IPv4Prefix]
    /// `ipv4.gateway`: only recorded and checked to lie on the subnet; no route is added,
    /// because traffic must stay on the machine (HOST-NOTES.md).
    public var gateway: IPv4Address?
    /// `hwaddr` with LXC's `x` placeholders still in it; nil lets the kernel choose.
    public var hardwareAddressPattern: String?
    /// `flags = up`.
    public var up: Bool
    /// `mtu`: both ends of the pair, e.g. 1450 on a bridge with a VXLAN port (nil: the kernel's 1500).
    public var mtu: UInt32? = nil

    /// The address the bridge gets when this plan creates it: the gateway, else the first host
    /// of the container's subnet; nil without an address (a bridge for layer 2 only).
    public var bridgeAddress: IPv4Prefix? {
        guard let first = addresses.first else { return nil }
        if let gateway { return IPv4Prefix(gateway, length: first.length) }
        let network = first.network.address.bytes
        let firstHost = IPv4Address(network[0], network[1], network[2], network[3] &+ 1)
        return firstHost == first.address ? nil : IPv4Prefix(firstHost, length: first.length)
    }

    /// The host end's name: unique while the init `pid` lives, and with the project prefix.
    public static func hostLinkName(pid: Int32, index: Int) -> String {
        "\(Leftovers.linkPrefix)\(String(pid, radix: 36))v\(String(index, radix: 36))"
    }

    /// The same for a host end made before its tree runs (no pid yet), by a random positive `tag`.
    public static func hostLinkName(tag: Int32, index: Int) -> String { hostLinkName(pid: tag, index: index) }
}

extension LXCConfig {
    /// The veth networks of this config, validated. Errors name the key.
    public func vethPlans() throws(CoreError) -> [SystemVethPlan] {
        var plans: [SystemVethPlan] = []
        for network in orderedNetworks where network.type == .veth {
            plans.append(try Self.vethPlan(network, position: plans.count))
        }
        return plans
    }

    static func vethPlan(_ network: LXCNetwork, position: Int) throws(CoreError) -> SystemVethPlan {
        let key = "lxc.net.\(network.index)"
        guard let bridge = network.link, !bridge.isEmpty else {
            throw CoreError(stage: "\(key).link", detail: "a veth network needs a bridge: set \(key).link = cbenchbr0")
        }
        guard bridge.hasPrefix(SystemVethPlan.bridgePrefix), bridge.count <= 15, !bridge.contains("/") else {
            throw CoreError(stage: "\(key).link", detail: "bridge '\(bridge)' must be named \(SystemVethPlan.bridgePrefix)* (at most 15 characters): cbench makes and removes its own bridges, and traffic stays on this machine")
        }
        let containerName = network.name ?? "eth\(position)"
        guard !containerName.isEmpty, containerName.count <= 15, !containerName.contains("/") else {
            throw CoreError(stage: "\(key).name", detail: "'\(containerName)' is not an interface name (1-15 characters)")
        }
        var addresses: [IPv4Prefix] = []
        for text in network.ipv4Addresses {
            // LXC takes `ADDRESS/PREFIX [BROADCAST]`; a bare address is a /24, as LXC assumes.
            let withPrefix = text.contains("/") ? text : text + "/24"
            guard let address = IPv4Prefix(withPrefix), address.length > 0 else {
                throw CoreError(stage: "\(key).ipv4.address", detail: "'\(text)' is not ADDRESS/PREFIX")
            }
            addresses.append(address)
        }
        var gateway: IPv4Address?
        if let text = network.ipv4Gateway {
            guard let parsed = IPv4Address(text) else {
                throw CoreError(stage: "\(key).ipv4.gateway", detail: "only an address on the bridge's subnet is supported, not '\(text)'")
            }
            guard let first = addresses.first, parsed.masked(to: Int(first.length)) == first.network.address,
                  parsed != first.address else {
                throw CoreError(stage: "\(key).ipv4.gateway", detail: "\(text) must be another address on the subnet of \(key).ipv4.address (it becomes the bridge's address; no route leaves the machine)")
            }
            gateway = parsed
        }
        var mtu: UInt32?
        if let value = network.mtu {
            guard (68...65535).contains(value) else {
                throw CoreError(stage: "\(key).mtu", detail: "\(value) is not an Ethernet MTU (68 to 65535)")
            }
            mtu = UInt32(value)
        }
        return SystemVethPlan(index: network.index, bridge: bridge, containerName: containerName, addresses: addresses,
                              gateway: gateway, hardwareAddressPattern: network.hwaddr, up: network.flags == "up", mtu: mtu)
    }
}
