/// IPv4 addresses on links.
extension RouteNetlink {
    /// Adds `address` (with its prefix, e.g. 10.209.0.1/24) to `link`; the kernel adds the
    /// prefix route of its subnet on that link by itself once the link is up.
    public func addAddress(_ address: IPv4Prefix, to link: String) throws {
        try addressRequest(Netlink.newAddress, address, link, flags: Netlink.create | Netlink.exclusive,
                           operation: "add address \(address) to \(link)")
    }

    public func deleteAddress(_ address: IPv4Prefix, from link: String) throws {
        try addressRequest(Netlink.deleteAddress, address, link, flags: 0,
                           operation: "delete address \(address) from \(link)")
    }

    private func addressRequest(_ type: UInt16, _ address: IPv4Prefix, _ link: String, flags: UInt16, operation: String) throws {
        let header = AddressInfoMessage(prefixLength: address.length, index: UInt32(bitPattern: try index(of: link)))
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS the same on a broadcast link.
        let attributes: [NetlinkAttribute] = [
            NetlinkAttribute(type: Netlink.addressLocal, value: address.address.bytes),
            NetlinkAttribute(type: Netlink.addressAddress, value: address.address.bytes),
        ]
        try request(type, flags: flags, payload: header.encoded() + NetlinkAttribute.encode(attributes), operation: operation)
    }
}

extension RouteNetlink {
    /// Every IPv4 address in this namespace, or only those of `link`.
    public func addresses(of link: String? = nil) throws -> [NetlinkAddress] {
        let index = try link.map { try self.index(of: $0) }
        let header = AddressInfoMessage(prefixLength: 0, index: 0)
        let all = try request(Netlink.getAddress, flags: Netlink.dump, payload: header.encoded(), operation: "list addresses")
            .compactMap(NetlinkAddress.init(message:))
        return index.map { wanted in all.filter { $0.linkIndex == wanted } } ?? all
    }
}
