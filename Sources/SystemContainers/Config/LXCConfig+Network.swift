import NamespaceCore

extension LXCConfigParser {
    /// `lxc.net.N.KEY = VALUE`; an empty `lxc.net.N` clears that network.
    mutating func applyNetwork(_ entry: LXCConfigEntry) throws(CoreError) {
        let rest = entry.key.dropFirst("lxc.net.".count)
        let parts = rest.split(separator: ".", maxSplits: 1)
        guard let first = parts.first, let index = Int(first), index >= 0, index < 1024 else {
            throw Self.error(entry, "unknown key '\(entry.key)' (expected lxc.net.N.KEY)")
        }
        guard parts.count == 2 else {
            guard entry.value.isEmpty else { throw Self.error(entry, "\(entry.key) only takes an empty value (clears the network)") }
            config.networks[index] = nil
            return
        }
        var network = config.networks[index] ?? LXCNetwork(index: index)
        let value = entry.value
        switch parts[1] {
        case "type":
            guard let kind = LXCNetwork.Kind(rawValue: value) else {
                throw Self.error(entry, "\(entry.key): unknown network type '\(value)' (empty, none, veth, macvlan, vlan, phys)")
            }
            network.type = kind
        case "link": network.link = value
        case "name": network.name = value
        case "flags":
            guard value.isEmpty || value == "up" else { throw Self.error(entry, "\(entry.key): only 'up' is a flag") }
            network.flags = value
        case "hwaddr":
            guard Self.isMACAddress(value) else { throw Self.error(entry, "\(entry.key): '\(value)' is not a MAC address") }
            network.hwaddr = value
        case "mtu":
            guard let mtu = Int(value), mtu > 0 else { throw Self.error(entry, "\(entry.key): expected a number, got '\(value)'") }
            network.mtu = mtu
        case "ipv4.address":
            if value.isEmpty { network.ipv4Addresses = [] } else {
                guard let address = value.words.first, Self.isIPv4CIDR(address) else {
                    throw Self.error(entry, "\(entry.key): expected ADDRESS/PREFIX, got '\(value)'")
                }
                network.ipv4Addresses.append(address)
            }
        case "ipv4.gateway":
            guard value == "auto" || value == "dev" || Self.isIPv4(value) else {
                throw Self.error(entry, "\(entry.key): '\(value)' is not an IPv4 address")
            }
            network.ipv4Gateway = value
        case "ipv6.address":
            if value.isEmpty { network.ipv6Addresses = [] } else { network.ipv6Addresses.append(value) }
        case "ipv6.gateway": network.ipv6Gateway = value
        case "veth.pair": network.vethPair = value
        default:
            throw Self.error(entry, "unknown key '\(entry.key)'")
        }
        config.networks[index] = network
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard part.count <= 3, let number = Int(part) else { return false }
            return number <= 255
        }
    }

    static func isIPv4CIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, isIPv4(String(parts[0])) else { return false }
        guard parts.count == 2 else { return true }
        guard let prefix = Int(parts[1]) else { return false }
        return (0...32).contains(prefix)
    }

    /// Six colon-separated pairs of hex digits; LXC lets `x` stand for a random digit.
    static func isMACAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 6 && parts.allSatisfy { part in
            part.count == 2 && part.allSatisfy { $0.isHexDigit || $0 == "x" }
        }
    }
}
