import AppContainers
import NamespaceCore

/// A bridge on this machine for a pair whose target makes no bridge of its own (system
/// containers and LXC only attach to one): a project name, so `cbench cleanup` finds it, and
/// a /24 that overlaps nothing on this host.
struct LocalBridgeSubnet: Sendable {
    var bridge: String
    var subnet: IPv4Prefix

    init(id: String, tag: Character) throws {
        bridge = Leftovers.linkPrefix + String(tag) + Self.hash(id)
        let occupied = try NetlinkHostPrefixes().occupiedPrefixes()
        guard let free = SubnetChooser.firstFree(occupied: occupied) else {
            throw CoreError(stage: "pair \(id)", detail: "no free /24 in 10.77.0.0/16 or 172.29.0.0/16 on this host")
        }
        subnet = free
    }

    /// The container address `offset` above the network (the bridge takes the first).
    func address(_ offset: UInt32) -> IPv4Prefix {
        IPv4Prefix(AddressPool.address(AddressPool.value(of: subnet.address) &+ offset), length: subnet.length)
    }

    var gateway: IPv4Prefix { address(1) }

    /// Deletes the bridge when it is still there (a runtime may have removed it already).
    func remove() { Self.removeBridge(bridge) }

    /// Deletes the link `name` when it is there.
    static func removeBridge(_ name: String) {
        guard let netlink = try? RouteNetlink(), (try? netlink.link(named: name)) != nil else { return }
        try? netlink.deleteLink(named: name)
    }

    /// Eight hex digits of the id (FNV-1a): with the prefix and the tag, 15 characters.
    static func hash(_ id: String) -> String {
        var value: UInt32 = 2_166_136_261
        for byte in id.utf8 { value = (value ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
