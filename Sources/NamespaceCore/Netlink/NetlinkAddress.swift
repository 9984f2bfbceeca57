/// An IPv4 address as RTM_NEWADDR describes it.
public struct NetlinkAddress: Sendable, Equatable {
    public var linkIndex: Int32
    public var address: IPv4Prefix

    public init(linkIndex: Int32, address: IPv4Prefix) {
        self.linkIndex = linkIndex
        self.address = address
    }

    /// Decodes an IPv4 RTM_NEWADDR message; nil for anything else.
    public init?(message: NetlinkMessage) {
        guard message.type == Netlink.newAddress, let info = AddressInfoMessage.decode(message.payload),
              info.family == Netlink.familyIPv4 else { return nil }
        let attributes = NetlinkAttribute.decode(message.payload[AddressInfoMessage.size...])
        guard let bytes = (attributes.first(Netlink.addressLocal) ?? attributes.first(Netlink.addressAddress))?.value,
              bytes.count == 4 else { return nil }
        self.init(linkIndex: Int32(bitPattern: info.index),
                  address: IPv4Prefix(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]), length: info.prefixLength))
    }

    /// The RTM_NEWADDR message the kernel would send for this address (for the fake socket).
    public func message() -> NetlinkMessage {
        let header = AddressInfoMessage(prefixLength: address.length, index: UInt32(bitPattern: linkIndex))
        let attributes: [NetlinkAttribute] = [
            NetlinkAttribute(type: Netlink.addressAddress, value: address.address.bytes),
            NetlinkAttribute(type: Netlink.addressLocal, value: address.address.bytes),
        ]
        return NetlinkMessage(type: Netlink.newAddress, flags: 0, payload: header.encoded() + NetlinkAttribute.encode(attributes))
    }
}
