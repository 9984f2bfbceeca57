import AppContainers
import Foundation
import JSONRecords
import NamespaceCore

/// The network of a pair across lab hosts, made on both hosts by `cbench app network create
/// --driver overlay|routed` with one definition: a bridge on each host, with a VXLAN port
/// (overlay) or routes to the other host's block (routed). cbench-app containers join it by
/// name; system and LXC containers attach a veth to its bridge with an address of that
/// host's block, so every target crosses the very same data plane.
struct CrossHostNetwork: Sendable {
    var name: String
    /// Site name to the network's layout on that host.
    var layouts: [String: MultiHostLayout]
    /// Site name to the bridge's name on that host.
    var bridges: [String: String]

    static func create(_ request: NetworkPairRequest, undo: PairUndo) throws -> CrossHostNetwork {
        let name = "pair-\(request.id)"
        var network = CrossHostNetwork(name: name, layouts: [:], bridges: [:])
        let peers = request.peers.flatMap { ["--peer", $0] }
        for site in [request.client, request.server] {
            try site.checked(try NetworkSite.cbench(["app", "network", "create", "--driver", request.placement.rawValue, "--subnet", request.subnet] + peers + [name]),
                             stage: "network create \(name)")
            let remove = try NetworkSite.cbench(["app", "network", "rm", name])
            undo.add { _ = try? site.run(remove) }
            let text = try site.checked(try NetworkSite.cbench(["app", "network", "inspect", name]), stage: "network inspect \(name)")
            let definition = try Self.decode(text, site: site)
            guard let address = site.underlayAddress.flatMap(IPv4Address.init) else {
                throw CoreError(stage: "\(site.name): network \(name)", detail: "the site has no underlay address")
            }
            network.layouts[site.name] = try MultiHostLayout(network: definition, localAddresses: [address])
            network.bridges[site.name] = definition.bridge
        }
        return network
    }

    static func decode(_ text: String, site: NetworkSite) throws -> AppNetwork {
        struct Inspection: Decodable { var network: AppNetwork }
        do throws(CoreError) {
            return try JSONRecord.decode(Inspection.self, from: Array(text.utf8), what: "\(site.name): network inspect").network
        } catch {
            throw CoreError(kind: .corrupt, stage: "\(site.name): network inspect", detail: "not a network description: \(error.detail ?? "\(error)")", cause: error)
        }
    }

    /// The address a veth container takes on `site`: the last host address of that host's
    /// block, far from the first ones cbench's own allocator hands out, with the prefix
    /// length the layout gives containers.
    func vethAddress(on site: NetworkSite) throws -> IPv4Prefix {
        guard let layout = layouts[site.name] else { throw CoreError(stage: "network \(name)", detail: "no layout on \(site.name)") }
        let block = layout.localBlock
        let size = UInt32(1) << UInt32(32 - Int(block.length))
        let last = AddressPool.address(AddressPool.value(of: block.address) &+ size &- 2)
        return IPv4Prefix(last, length: layout.containerPrefixLength)
    }

    func bridge(on site: NetworkSite) throws -> String {
        guard let bridge = bridges[site.name] else { throw CoreError(stage: "network \(name)", detail: "no bridge on \(site.name)") }
        return bridge
    }

    /// Routed: the subnet through this host's bridge, which a veth container needs beside its
    /// own block (cbench-app containers get it from the network itself).
    func routes(on site: NetworkSite) -> [NetlinkRoute] {
        layouts[site.name]?.containerRoutes ?? []
    }

    /// The MTU of a veth container on this network (room for the VXLAN header on the overlay).
    func mtu(on site: NetworkSite) -> UInt32? {
        layouts[site.name]?.containerMTU
    }
}
