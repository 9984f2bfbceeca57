import NamespaceCore

/// Where the subnets already used on this host come from. The real one asks rtnetlink; tests
/// give a fixed list.
public protocol HostPrefixSource: Sendable {
    /// Every subnet of an address on a host interface and every destination of a main-table route.
    func occupiedPrefixes() throws -> [IPv4Prefix]
}

/// The host's own addresses and routes, read over rtnetlink in the caller's network namespace
/// (or over the socket `netlink` makes, for tests).
public struct NetlinkHostPrefixes: HostPrefixSource {
    let makeNetlink: @Sendable () throws -> RouteNetlink

    public init(netlink: @escaping @Sendable () throws -> RouteNetlink = { try RouteNetlink() }) {
        makeNetlink = netlink
    }

    public func occupiedPrefixes() throws -> [IPv4Prefix] {
        let netlink = try makeNetlink()
        let addresses = try netlink.addresses().map { $0.address.network }
        return addresses + (try netlink.mainTableDestinations())
    }
}

/// A fixed list, for tests.
public struct FixedHostPrefixes: HostPrefixSource {
    public var prefixes: [IPv4Prefix]
    public init(_ prefixes: [IPv4Prefix]) { self.prefixes = prefixes }
    public func occupiedPrefixes() throws -> [IPv4Prefix] { prefixes }
}
