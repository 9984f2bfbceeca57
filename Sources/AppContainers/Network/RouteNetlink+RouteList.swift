import NamespaceCore

/// Listing IPv4 routes, for the subnet overlap check (NamespaceCore only adds and deletes them).
extension RouteNetlink {
    /// The destinations of every IPv4 route in the main table of this socket's namespace
    /// (the default route appears as 0.0.0.0/0).
    func mainTableDestinations() throws -> [IPv4Prefix] {
        let header = RouteInfoMessage(destinationLength: 0, table: 0, routeProtocol: 0, scope: 0, routeType: 0)
        let replies = try request(Netlink.getRoute, flags: Netlink.dump, payload: header.encoded(), operation: "list routes")
        return replies.compactMap(Self.mainTableDestination(of:))
    }

    /// rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags; then RTA_*.
    static func mainTableDestination(of message: NetlinkMessage) -> IPv4Prefix? {
        let payload = message.payload
        guard message.type == Netlink.newRoute, payload.count >= RouteInfoMessage.size,
              payload[0] == Netlink.familyIPv4 else { return nil }
        let attributes = NetlinkAttribute.decode(payload[RouteInfoMessage.size...])
        let table = attributes.first(Netlink.routeTable)?.uint32Value ?? UInt32(payload[4])
        guard table == UInt32(Netlink.tableMain) else { return nil }
        let length = payload[1]
        guard let bytes = attributes.first(Netlink.routeDestination)?.value, bytes.count == 4 else {
            return length == 0 ? IPv4Prefix(IPv4Address(0, 0, 0, 0), length: 0) : nil
        }
        return IPv4Prefix(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]), length: length)
    }
}
