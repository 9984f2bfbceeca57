/// struct ifinfomsg (16 bytes): the fixed part of every link message.
public struct InterfaceInfoMessage: Sendable, Equatable {
    public var family: UInt8 = Netlink.familyUnspecified
    public var deviceType: UInt16 = 0
    public var index: Int32 = 0
    public var flags: UInt32 = 0
    public var change: UInt32 = 0

    public init(family: UInt8 = Netlink.familyUnspecified, deviceType: UInt16 = 0, index: Int32 = 0, flags: UInt32 = 0, change: UInt32 = 0) {
        self.family = family
        self.deviceType = deviceType
        self.index = index
        self.flags = flags
        self.change = change
    }

    public static let size = 16

    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [family, 0]
        NetlinkBytes.append(deviceType, to: &bytes)
        NetlinkBytes.append(index, to: &bytes)
        NetlinkBytes.append(flags, to: &bytes)
        NetlinkBytes.append(change, to: &bytes)
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) -> InterfaceInfoMessage? {
        guard bytes.count >= size,
              let deviceType = NetlinkBytes.read(UInt16.self, from: bytes, at: 2),
              let index = NetlinkBytes.read(Int32.self, from: bytes, at: 4),
              let flags = NetlinkBytes.read(UInt32.self, from: bytes, at: 8),
              let change = NetlinkBytes.read(UInt32.self, from: bytes, at: 12)
        else { return nil }
        return InterfaceInfoMessage(family: bytes[0], deviceType: deviceType, index: index, flags: flags, change: change)
    }
}
