/// An IPv4 address, kept as its four bytes in network order.
public struct IPv4Address: Sendable, Hashable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) { bytes = [a, b, c, d] }

    /// Parses dotted-quad text ("10.209.0.1"); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var parsed: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            parsed.append(value)
        }
        bytes = parsed
    }

    public var description: String { bytes.map(String.init).joined(separator: ".") }

    /// The address with every bit past `prefixLength` cleared.
    public func masked(to prefixLength: Int) -> IPv4Address {
        let value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let mask: UInt32 = prefixLength <= 0 ? 0 : ~UInt32(0) << UInt32(32 - min(prefixLength, 32))
        let masked = value & mask
        return IPv4Address(UInt8(masked >> 24), UInt8(masked >> 16 & 0xff), UInt8(masked >> 8 & 0xff), UInt8(masked & 0xff))
    }
}
