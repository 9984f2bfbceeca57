/// An IPv4 route in the main table: a destination reached through a gateway, a link, or both.
public struct NetlinkRoute: Sendable, Equatable {
    public var destination: IPv4Prefix
    public var gateway: IPv4Address?
    /// The link the route goes out of.
    public var outputLink: String?

    public init(destination: IPv4Prefix, gateway: IPv4Address? = nil, outputLink: String? = nil) {
        self.destination = destination
        self.gateway = gateway
        self.outputLink = outputLink
    }

    public var description: String {
        var text = destination.network.description
        if let gateway { text += " via \(gateway)" }
        if let outputLink { text += " dev \(outputLink)" }
        return text
    }
}
