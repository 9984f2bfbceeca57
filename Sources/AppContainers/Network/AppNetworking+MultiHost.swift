#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The data plane of overlay and routed networks on this host, made at `network create` (so
/// system containers can join the bridge too) and removed at `network rm`.
extension AppNetworking {
    /// This host's place in a network across hosts; nil for a bridge network.
    public func multiHostLayout(of network: AppNetwork) throws -> MultiHostLayout? {
        guard network.driver?.spansHosts == true else { return nil }
        return try MultiHostLayout(network: network, localAddresses: try host.addresses().map(\.address.address))
    }

    /// Bridge with the block's first address; overlay: a VXLAN port flooding to every peer;
    /// routed: a route to each other host's block through its underlay address (IP forwarding
    /// must be on). Nothing when the bridge is already there. On failure what was made goes.
    public func ensureDataPlane(_ network: AppNetwork, layout: MultiHostLayout) throws {
        if try host.link(named: network.bridge) != nil { return }
        if layout.driver == .routed, !Self.forwardingEnabled() {
            throw CoreError(stage: "network \(network.name)", detail: "--driver routed needs IP forwarding on this host: sysctl -w net.ipv4.ip_forward=1 (lab hosts have it)")
        }
        do {
            try host.createBridge(named: network.bridge)
            try host.addAddress(layout.bridgeAddress, to: network.bridge)
            if layout.driver == .overlay {
                let vxlan = MultiHostLayout.vxlanName(id: network.id)
                try host.createVxlan(named: vxlan, options: .init(id: layout.vni, local: layout.localAddress,
                                                                  destinationPort: MultiHostLayout.vxlanPort))
                for peer in layout.remotePeers { try host.appendFloodEntry(peer: peer, on: vxlan) }
                // The underlay carries 1500-byte frames: the VXLAN port takes 50 less, as the containers do.
                if let mtu = layout.containerMTU { try host.setMTU(vxlan, mtu: mtu) }
                try host.setMaster(vxlan, master: network.bridge)
                try host.setUp(vxlan)
            }
            for route in layout.hostRoutes { try host.addRoute(route) }
            try host.setUp(network.bridge)
        } catch {
            removeDataPlane(network, layout: layout)
            throw error
        }
    }

    /// Deletes the bridge, the VXLAN port and the routes; whatever is already gone is fine.
    public func removeDataPlane(_ network: AppNetwork, layout: MultiHostLayout?) {
        for route in layout?.hostRoutes ?? [] { try? host.deleteRoute(route) }
        try? deleteLinkIfPresent(MultiHostLayout.vxlanName(id: network.id))
        try? deleteLinkIfPresent(network.bridge)
    }

    static func forwardingEnabled() -> Bool {
        (try? FileIO.read("/proc/sys/net/ipv4/ip_forward")).map { $0.first == UInt8(ascii: "1") } ?? false
    }
}
