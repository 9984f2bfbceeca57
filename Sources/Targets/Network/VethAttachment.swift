import AppContainers
import NamespaceCore

/// Where a veth container of a pair attaches (system containers and LXC): the bridge on its
/// host, its address, the MTU and the routes it needs, and the LXC config lines saying so.
struct VethAttachment: Sendable, Equatable {
    var bridge: String
    var address: IPv4Prefix
    var mtu: UInt32?
    var routes: [NetlinkRoute]

    var lxcLines: [String] {
        ["lxc.net.0.type = veth", "lxc.net.0.link = \(bridge)", "lxc.net.0.name = eth0", "lxc.net.0.flags = up",
         "lxc.net.0.ipv4.address = \(address)"] + (mtu.map { ["lxc.net.0.mtu = \($0)"] } ?? [])
    }

    /// Places a pair of veth containers: what they stand on (`pair`), then `start` of the
    /// client and of the server (each named `<id>-client`/`-server`, on its site, adding its own
    /// removals to the undo list); `kind` opens the pair's description. On a failure what was
    /// made so far is removed before the error.
    static func placePair(_ request: NetworkPairRequest, tag: Character, kind: String,
                          start: (_ name: String, _ site: NetworkSite, _ attachment: VethAttachment, _ undo: PairUndo) throws -> NetworkEndpoint) throws -> NetworkPair {
        let undo = PairUndo()
        return try undo.building {
            let (client, server, what) = try pair(request, tag: tag, undo: undo)
            let clientEnd = try start("\(request.id)-client", request.client, client, undo)
            let serverEnd = try start("\(request.id)-server", request.server, server, undo)
            return NetworkPair(client: clientEnd, server: serverEnd, description: "\(kind), " + what, undo: undo)
        }
    }

    /// Makes what a veth pair stands on and where each end attaches. On one host: a bridge
    /// here (`tag` tells the targets' bridges apart), client .2 and server .3. Across hosts:
    /// the cross-host network, each container with the last address of its host's block.
    static func pair(_ request: NetworkPairRequest, tag: Character, undo: PairUndo) throws -> (client: VethAttachment, server: VethAttachment, description: String) {
        guard request.placement.spansHosts else {
            let local = try LocalBridgeSubnet(id: request.id, tag: tag)
            let netlink = try RouteNetlink()
            try netlink.createBridge(named: local.bridge)
            undo.add { local.remove() }
            try netlink.addAddress(local.gateway, to: local.bridge)
            try netlink.setUp(local.bridge)
            return (VethAttachment(bridge: local.bridge, address: local.address(2), mtu: nil, routes: []),
                    VethAttachment(bridge: local.bridge, address: local.address(3), mtu: nil, routes: []),
                    "veth on a bridge made for the pair (\(local.bridge), \(local.subnet))")
        }
        let network = try CrossHostNetwork.create(request, undo: undo)
        func attachment(_ site: NetworkSite) throws -> VethAttachment {
            VethAttachment(bridge: try network.bridge(on: site), address: try network.vethAddress(on: site),
                           mtu: network.mtu(on: site), routes: network.routes(on: site))
        }
        let what = request.placement == .overlay
            ? "veth on the bridge of a VXLAN device (cbench app network create --driver overlay, VNI from the name, UDP \(MultiHostLayout.vxlanPort))"
            : "veth on the bridge of a routed network (cbench app network create --driver routed: each host routes the other's block over the underlay)"
        return (try attachment(request.client), try attachment(request.server), what)
    }
}
