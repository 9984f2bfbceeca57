/// An address with its prefix length, as "10.209.0.1/24" (an interface address or a route destination).
public struct IPv4Prefix: Sendable, Hashable, CustomStringConvertible {
    public var address: IPv4Address
    public var length: UInt8

    public init(_ address: IPv4Address, length: UInt8) {
        self.address = address
        self.length = min(length, 32)
    }

    /// Parses "A.B.C.D/N" ("A.B.C.D" alone means /32).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Address(String(parts[0])) else { return nil }
        var length: UInt8 = 32
        if parts.count == 2 {
            guard let parsed = UInt8(parts[1]), parsed <= 32 else { return nil }
            length = parsed
        }
        self.init(address, length: length)
    }

    public var description: String { "\(address)/\(length)" }

    /// The network this prefix belongs to (host bits cleared).
    public var network: IPv4Prefix { IPv4Prefix(address.masked(to: Int(length)), length: length) }

    /// 0.0.0.0/0, the route that would send traffic off the machine.
    public var isDefault: Bool { length == 0 }
}
