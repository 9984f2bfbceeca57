/// Changing an existing link: state, MTU, MAC address, master, namespace.
/// Each is an RTM_NEWLINK on the link's index without NLM_F_CREATE, as iproute2 sends `ip link set`.
extension RouteNetlink {
    public func setUp(_ name: String) throws {
        try change(name, info: InterfaceInfoMessage(flags: Netlink.interfaceUp, change: Netlink.interfaceUp), [],
                   operation: "set \(name) up")
    }

    public func setDown(_ name: String) throws {
        try change(name, info: InterfaceInfoMessage(flags: 0, change: Netlink.interfaceUp), [],
                   operation: "set \(name) down")
    }

    public func setMTU(_ name: String, mtu: UInt32) throws {
        try change(name, [.uint32(Netlink.linkMTU, mtu)], operation: "set \(name) mtu \(mtu)")
    }

    public func setMACAddress(_ name: String, _ address: MACAddress) throws {
        try change(name, [NetlinkAttribute(type: Netlink.linkAddress, value: address.bytes)],
                   operation: "set \(name) address \(address)")
    }

    /// Attaches `name` to the bridge `master`; `nil` detaches it.
    public func setMaster(_ name: String, master: String?) throws {
        let masterIndex = try master.map { try index(of: $0) } ?? 0
        try change(name, [.int32(Netlink.linkMaster, masterIndex)],
                   operation: "set \(name) master \(master ?? "none")")
    }

    /// Sets the link's alias (IFLA_IFALIAS), a free text the kernel keeps with the link.
    public func setAlias(_ name: String, _ alias: String) throws {
        try change(name, [.string(Netlink.linkAlias, alias)], operation: "set alias of \(name)")
    }

    /// Moves `name` into another network namespace (it goes down and disappears from this one).
    public func moveLink(_ name: String, to namespace: NamespaceTarget) throws {
        try change(name, [namespace.attribute], operation: "move \(name) to netns")
    }

    private func change(_ name: String, info: InterfaceInfoMessage = InterfaceInfoMessage(),
                        _ attributes: [NetlinkAttribute], operation: String) throws {
        var info = info
        info.index = try index(of: name)
        try request(Netlink.newLink, flags: 0, payload: info.encoded() + NetlinkAttribute.encode(attributes),
                    operation: operation)
    }
}
