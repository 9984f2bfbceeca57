#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// One network joined or left, with the store's lock held.
extension AppNetworking {
    func join(_ network: AppNetwork, index: Int, containerID: String, name: String, pid: Int32,
              hostsFile: String?, inside: RouteNetlink, requested: IPv4Address? = nil) throws -> (network: AppNetwork, member: AppNetworkMember) {
        guard let subnet = network.subnetPrefix, let gateway = network.gatewayAddress else {
            throw CoreError(stage: "network \(network.name)", detail: "its record has no valid subnet: remove and create it again")
        }
        var members = try prunedMembers(of: network)
        if members.contains(where: { $0.containerID == containerID }) {
            throw CoreError(stage: "network \(network.name)", detail: "container \(name) is already attached")
        }
        // Across hosts, this host hands out addresses from its own block only.
        let layout = try multiHostLayout(of: network)
        let taken = Set(members.compactMap { IPv4Address($0.address) })
        var pool = layout.map { AddressPool(subnet: $0.localBlock, gateway: $0.bridgeAddress.address, taken: taken) }
            ?? AddressPool(subnet: subnet, gateway: gateway, taken: taken)
        let address: IPv4Address
        if let requested {
            try pool.take(requested, network: network.name)
            address = requested
        } else {
            address = try pool.allocate(network: network.name)
        }
        let interface = "eth\(index)"
        let hostLink = Self.hostLinkName(containerID: containerID, index: index)
        if let layout { try ensureDataPlane(network, layout: layout) } else { try ensureBridge(network, subnet: subnet, gateway: gateway) }
        try host.createVethPair(named: hostLink, peer: interface, peerNamespace: .process(pid))
        let member = AppNetworkMember(containerID: containerID, containerName: name, address: address, interface: interface,
                                      hostLink: hostLink, hostsFile: hostsFile, pid: pid,
                                      pidStartTime: ProcessLiveness.startTime(of: pid))
        members.append(member)
        do {
            try store.saveMembers(members, of: network.name)
            try host.setMaster(hostLink, master: network.bridge)
            if let mtu = layout?.containerMTU {
                try host.setMTU(hostLink, mtu: mtu)
                try inside.setMTU(interface, mtu: mtu)
            }
            try host.setUp(hostLink)
            // The kernel adds the route to the subnet (routed: the block) by itself once the
            // link is up; a routed network adds the rest of its subnet, nothing else.
            try inside.addAddress(IPv4Prefix(address, length: layout?.containerPrefixLength ?? subnet.length), to: interface)
            try inside.setUp(interface)
            for route in layout?.containerRoutes ?? [] { try inside.addRoute(route) }
        } catch {
            try? deleteLinkIfPresent(hostLink)
            try? leave(network, containerID: containerID)
            throw error
        }
        return (network, member)
    }

    /// Takes `containerID` off `network`: veth deleted (a gone one is fine), member dropped,
    /// bridge deleted when nobody is left.
    func leave(_ network: AppNetwork, containerID: String) throws {
        var members = try store.allMembers(of: network.name)
        for member in members where member.containerID == containerID { try deleteLinkIfPresent(member.hostLink) }
        members.removeAll { $0.containerID == containerID }
        try store.saveMembers(members, of: network.name)
        if members.filter(\.isAlive).isEmpty { try removeBridgeIfUnused(network) }
    }

    /// The live members; dead ones (their container died without disconnecting) are dropped
    /// and their host ends deleted, so their addresses can be handed out again.
    func prunedMembers(of network: AppNetwork) throws -> [AppNetworkMember] {
        let all = try store.allMembers(of: network.name)
        let alive = all.filter(\.isAlive)
        if alive.count != all.count {
            for member in all where !member.isAlive { try? deleteLinkIfPresent(member.hostLink) }
            try store.saveMembers(alive, of: network.name)
        }
        return alive
    }

    /// The bridge with the gateway address, up, unless it is already there.
    func ensureBridge(_ network: AppNetwork, subnet: IPv4Prefix, gateway: IPv4Address) throws {
        if let existing = try host.link(named: network.bridge) {
            guard existing.kind == "bridge" else {
                throw CoreError(stage: "network \(network.name)", detail: "\(network.bridge) exists and is not a bridge: run `cbench cleanup`")
            }
            if !existing.isUp { try host.setUp(network.bridge) }
            return
        }
        try host.createBridge(named: network.bridge)
        do {
            try host.addAddress(IPv4Prefix(gateway, length: subnet.length), to: network.bridge)
            try host.setUp(network.bridge)
        } catch {
            try? host.deleteLink(named: network.bridge)
            throw error
        }
    }

    /// Deletes the network's bridge when it exists; the caller knows no member is left.
    func removeBridgeIfUnused(_ network: AppNetwork) throws {
        // A network across hosts keeps its bridge from `network create` to `network rm`.
        guard network.driver?.spansHosts != true else { return }
        try deleteLinkIfPresent(network.bridge)
    }

    func deleteLinkIfPresent(_ name: String) throws {
        do { try host.deleteLink(named: name) } catch let error as CoreError where error.errno == ENODEV {}
    }
}
