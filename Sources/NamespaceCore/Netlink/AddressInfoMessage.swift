/// struct ifaddrmsg (8 bytes): the fixed part of every address message.
public struct AddressInfoMessage: Sendable, Equatable {
    public var family: UInt8
    public var prefixLength: UInt8
    public var flags: UInt8 = 0
    public var scope: UInt8 = Netlink.scopeUniverse
    public var index: UInt32

    public init(family: UInt8 = Netlink.familyIPv4, prefixLength: UInt8, flags: UInt8 = 0, scope: UInt8 = Netlink.scopeUniverse, index: UInt32) {
        self.family = family
        self.prefixLength = prefixLength
        self.flags = flags
        self.scope = scope
        self.index = index
    }

    public static let size = 8

    public func encoded() -> [UInt8] {
        [family, prefixLength, flags, scope] + NetlinkBytes.of(index)
    }

    public static func decode(_ bytes: [UInt8]) -> AddressInfoMessage? {
        guard bytes.count >= size, let index = NetlinkBytes.read(UInt32.self, from: bytes, at: 4) else { return nil }
        return AddressInfoMessage(family: bytes[0], prefixLength: bytes[1], flags: bytes[2], scope: bytes[3], index: index)
    }
}
