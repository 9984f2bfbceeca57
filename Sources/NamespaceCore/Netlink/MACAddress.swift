/// A 6-byte Ethernet hardware address.
public struct MACAddress: Sendable, Hashable, CustomStringConvertible {
    public var bytes: [UInt8]

    /// Parses "02:42:ac:11:00:02"; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var parsed: [UInt8] = []
        for part in parts {
            guard part.count == 2, let value = UInt8(part, radix: 16) else { return nil }
            parsed.append(value)
        }
        bytes = parsed
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    public var description: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
    }
}
