/// Creating bridges, veth pairs and vxlan devices.
extension RouteNetlink {
    /// Where a link should live: a network namespace given by an open fd, or by a process in it.
    public enum NamespaceTarget: Sendable, Equatable {
        case descriptor(Int32)
        case process(Int32)

        var attribute: NetlinkAttribute {
            switch self {
            case .descriptor(let fd): return .uint32(Netlink.linkNamespaceFD, UInt32(bitPattern: fd))
            case .process(let pid): return .uint32(Netlink.linkNamespacePID, UInt32(bitPattern: pid))
            }
        }
    }

    /// vxlan settings; `remote` (unicast peer) and `group` (multicast) are exclusive and both go
    /// into IFLA_VXLAN_GROUP, as iproute2 sends them.
    public struct VxlanOptions: Sendable, Equatable {
        public var id: UInt32
        public var local: IPv4Address?
        public var remote: IPv4Address?
        public var group: IPv4Address?
        /// IANA's 4789 unless set; the kernel's own default is the legacy 8472.
        public var destinationPort: UInt16
        public var underlyingLink: String?

        public init(id: UInt32, local: IPv4Address? = nil, remote: IPv4Address? = nil, group: IPv4Address? = nil,
                    destinationPort: UInt16 = 4789, underlyingLink: String? = nil) {
            self.id = id
            self.local = local
            self.remote = remote
            self.group = group
            self.destinationPort = destinationPort
            self.underlyingLink = underlyingLink
        }
    }

    /// A new bridge `name` (down, as the kernel creates it).
    public func createBridge(named name: String) throws {
        try createLink(name: name, kind: "bridge", data: nil, operation: "create bridge \(name)")
    }

    /// A veth pair `name` <-> `peer`. With `peerNamespace`, the peer is created directly in that
    /// namespace (IFLA_NET_NS_FD / IFLA_NET_NS_PID inside VETH_INFO_PEER), saving a move.
    public func createVethPair(named name: String, peer: String, peerNamespace: NamespaceTarget? = nil) throws {
        var peerAttributes: [NetlinkAttribute] = [.string(Netlink.linkName, peer)]
        if let peerNamespace { peerAttributes.append(peerNamespace.attribute) }
        let data = NetlinkAttribute.nested(
            Netlink.linkInfoData,
            [.nested(Netlink.vethPeer, header: InterfaceInfoMessage().encoded(), peerAttributes)])
        try createLink(name: name, kind: "veth", data: data, operation: "create veth \(name)")
    }

    /// A vxlan device `name` (for links between simulated or real hosts).
    public func createVxlan(named name: String, options: VxlanOptions) throws {
        let operation = "create vxlan \(name)"
        if options.remote != nil && options.group != nil {
            throw CoreError(stage: "netlink \(operation)", detail: "a vxlan has either a remote or a group, not both")
        }
        var data: [NetlinkAttribute] = [.uint32(Netlink.vxlanID, options.id)]
        if let peer = options.remote ?? options.group {
            data.append(NetlinkAttribute(type: Netlink.vxlanGroup, value: peer.bytes))
        }
        if let underlying = options.underlyingLink {
            data.append(.uint32(Netlink.vxlanLink, UInt32(bitPattern: try index(of: underlying))))
        }
        if let local = options.local { data.append(NetlinkAttribute(type: Netlink.vxlanLocal, value: local.bytes)) }
        data.append(.bigEndian16(Netlink.vxlanPort, options.destinationPort))
        try createLink(name: name, kind: "vxlan", data: .nested(Netlink.linkInfoData, data), operation: operation)
    }

    private func createLink(name: String, kind: String, data: NetlinkAttribute?, operation: String) throws {
        var info: [NetlinkAttribute] = [.string(Netlink.linkInfoKind, kind)]
        if let data { info.append(data) }
        let attributes: [NetlinkAttribute] = [.string(Netlink.linkName, name), .nested(Netlink.linkInfo, info)]
        try request(Netlink.newLink, flags: Netlink.create | Netlink.exclusive,
                    payload: InterfaceInfoMessage().encoded() + NetlinkAttribute.encode(attributes),
                    operation: operation)
    }
}
