/// Bridge forwarding-database entries on a VXLAN device, as `bridge fdb append` makes them.
/// An all-zero MAC entry per peer makes the device send broadcast, unknown-unicast and
/// multicast frames to every peer (head-end replication), so several hosts share one layer 2
/// without multicast on the underlay.
extension RouteNetlink {
    static let newNeighbour: UInt16 = 28        // RTM_NEWNEIGH
    static let deleteNeighbour: UInt16 = 29     // RTM_DELNEIGH
    static let familyBridge: UInt8 = 7          // AF_BRIDGE
    static let neighbourNoARP: UInt16 = 0x40    // NUD_NOARP
    static let neighbourPermanent: UInt16 = 0x80  // NUD_PERMANENT
    static let neighbourSelf: UInt8 = 0x02      // NTF_SELF: the entry belongs to the device itself
    static let neighbourDestination: UInt16 = 1 // NDA_DST
    static let neighbourLinkAddress: UInt16 = 2 // NDA_LLADDR
    static let append: UInt16 = 0x800           // NLM_F_APPEND

    /// Adds a flood entry (00:00:00:00:00:00) towards `peer` on the VXLAN device `link`.
    public func appendFloodEntry(peer: IPv4Address, on link: String) throws {
        try request(Self.newNeighbour, flags: Netlink.create | Self.append,
                    payload: try floodEntryPayload(peer: peer, link: link), operation: "fdb append \(peer) dev \(link)")
    }

    public func deleteFloodEntry(peer: IPv4Address, on link: String) throws {
        try request(Self.deleteNeighbour, flags: 0, payload: try floodEntryPayload(peer: peer, link: link),
                    operation: "fdb del \(peer) dev \(link)")
    }

    /// struct ndmsg (12 bytes: family, 3 pad, ifindex, state, flags, type), then NDA_LLADDR and NDA_DST.
    private func floodEntryPayload(peer: IPv4Address, link: String) throws -> [UInt8] {
        var header: [UInt8] = [Self.familyBridge, 0, 0, 0]
        NetlinkBytes.append(try index(of: link), to: &header)
        NetlinkBytes.append(Self.neighbourNoARP | Self.neighbourPermanent, to: &header)
        header += [Self.neighbourSelf, 0]
        return header + NetlinkAttribute.encode([
            NetlinkAttribute(type: Self.neighbourLinkAddress, value: [0, 0, 0, 0, 0, 0]),
            NetlinkAttribute(type: Self.neighbourDestination, value: peer.bytes),
        ])
    }
}
