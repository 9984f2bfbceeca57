/// A network interface as RTM_NEWLINK describes it.
public struct NetlinkLink: Sendable, Equatable {
    public var index: Int32
    public var name: String
    public var flags: UInt32
    public var mtu: UInt32?
    public var macAddress: MACAddress?
    /// The bridge (or other master) this link is attached to.
    public var masterIndex: Int32?
    /// IFLA_INFO_KIND: "veth", "bridge", "vxlan"; nil for physical and loopback devices.
    public var kind: String?
    /// IFLA_IFALIAS (`ip link set NAME alias TEXT`): who made the link, where that is recorded.
    public var alias: String?

    public var isUp: Bool { flags & Netlink.interfaceUp != 0 }

    public init(index: Int32, name: String, flags: UInt32 = 0, mtu: UInt32? = nil, macAddress: MACAddress? = nil,
                masterIndex: Int32? = nil, kind: String? = nil, alias: String? = nil) {
        self.index = index
        self.name = name
        self.flags = flags
        self.mtu = mtu
        self.macAddress = macAddress
        self.masterIndex = masterIndex
        self.kind = kind
        self.alias = alias
    }

    /// Decodes an RTM_NEWLINK message; nil when it is not one.
    public init?(message: NetlinkMessage) {
        guard message.type == Netlink.newLink, let info = InterfaceInfoMessage.decode(message.payload) else { return nil }
        let attributes = NetlinkAttribute.decode(message.payload[InterfaceInfoMessage.size...])
        self.init(
            index: info.index,
            name: attributes.first(Netlink.linkName)?.stringValue ?? "",
            flags: info.flags,
            mtu: attributes.first(Netlink.linkMTU)?.uint32Value,
            macAddress: attributes.first(Netlink.linkAddress).flatMap { MACAddress(bytes: $0.value) },
            masterIndex: attributes.first(Netlink.linkMaster)?.uint32Value.map { Int32(bitPattern: $0) },
            kind: attributes.first(Netlink.linkInfo)?.nestedAttributes.first(Netlink.linkInfoKind)?.stringValue,
            alias: attributes.first(Netlink.linkAlias)?.stringValue)
    }

    /// The RTM_NEWLINK message the kernel would send for this link (for the fake socket).
    public func message() -> NetlinkMessage {
        var attributes: [NetlinkAttribute] = [.string(Netlink.linkName, name)]
        if let mtu { attributes.append(.uint32(Netlink.linkMTU, mtu)) }
        if let macAddress { attributes.append(NetlinkAttribute(type: Netlink.linkAddress, value: macAddress.bytes)) }
        if let masterIndex { attributes.append(.int32(Netlink.linkMaster, masterIndex)) }
        if let kind { attributes.append(.nested(Netlink.linkInfo, [.string(Netlink.linkInfoKind, kind)])) }
        if let alias { attributes.append(.string(Netlink.linkAlias, alias)) }
        let payload = InterfaceInfoMessage(index: index, flags: flags).encoded() + NetlinkAttribute.encode(attributes)
        return NetlinkMessage(type: Netlink.newLink, flags: 0, payload: payload)
    }
}
