#if canImport(Glibc)
import Glibc
#endif

/// Finding, listing and deleting links.
extension RouteNetlink {
    /// Every link in this socket's network namespace.
    public func links() throws -> [NetlinkLink] {
        let replies = try request(Netlink.getLink, flags: Netlink.dump, payload: InterfaceInfoMessage().encoded(),
                                  operation: "list links")
        return replies.compactMap(NetlinkLink.init(message:))
    }

    /// The link called `name`, or nil when there is none.
    public func link(named name: String) throws -> NetlinkLink? {
        let payload = InterfaceInfoMessage().encoded() + NetlinkAttribute.encode([.string(Netlink.linkName, name)])
        return try optionalLink(payload: payload, operation: "get link \(name)")
    }

    /// The link with interface index `index`, or nil when there is none.
    public func link(index: Int32) throws -> NetlinkLink? {
        try optionalLink(payload: InterfaceInfoMessage(index: index).encoded(), operation: "get link #\(index)")
    }

    /// The index of the link called `name`; an error naming it when it does not exist.
    public func index(of name: String) throws -> Int32 {
        guard let link = try link(named: name) else {
            throw CoreError(stage: "netlink get link \(name)", errno: ENODEV)
        }
        return link.index
    }

    /// Deletes the link called `name` (for a veth, both ends go).
    public func deleteLink(named name: String) throws {
        let payload = InterfaceInfoMessage().encoded() + NetlinkAttribute.encode([.string(Netlink.linkName, name)])
        try request(Netlink.deleteLink, flags: 0, payload: payload, operation: "delete link \(name)")
    }

    private func optionalLink(payload: [UInt8], operation: String) throws -> NetlinkLink? {
        do {
            return try request(Netlink.getLink, flags: 0, payload: payload, operation: operation)
                .compactMap(NetlinkLink.init(message:)).first
        } catch let error as CoreError where error.errno == ENODEV {
            return nil
        }
    }
}
