#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A restore whose images leave the network namespace out (the move's dump ran CRIU inside
/// the tree's own, `CheckpointManifest.networkOutsideImages`): the namespace is made here and wired as a start
/// wires it, before CRIU runs in it, instead of CRIU making it again from its images with
/// `ip` and `iptables-restore`. A move's destination does it before the source freezes.
extension AppNetworking {
    /// `prepareRejoin`'s checks (the networks exist, the addresses are free, the bridges up),
    /// then each attachment's veth made again into `namespace` (`inside` its rtnetlink): the old
    /// interface name, address and the network's MTU and routes inside, the host end (its name
    /// from `attachments`) on the bridge but DOWN until the restored sockets are back
    /// (`attachHostEnds` at CRIU's post-restore). Returns the host ends; on a failure none is left.
    public func wireForRestore(_ attachments: [AppNetworkAttachment], containerID: String, namespace: Int32,
                               inside: RouteNetlink) throws -> [String] {
        _ = try prepareRejoin(attachments, containerID: containerID)
        var made: [String] = []
        do {
            for attachment in attachments {
                let network = try store.inspect(attachment.network)
                guard let address = IPv4Prefix(attachment.address) else {
                    throw CoreError(stage: "restore: network \(network.name)", detail: "the checkpoint's address '\(attachment.address)' is no IPv4 prefix")
                }
                let layout = try multiHostLayout(of: network)
                try host.createVethPair(named: attachment.hostLink, peer: attachment.interface, peerNamespace: .descriptor(namespace))
                made.append(attachment.hostLink)
                try host.setMaster(attachment.hostLink, master: network.bridge)
                if let mtu = layout?.containerMTU {
                    try host.setMTU(attachment.hostLink, mtu: mtu)
                    try inside.setMTU(attachment.interface, mtu: mtu)
                }
                try inside.addAddress(address, to: attachment.interface)
                try inside.setUp(attachment.interface)
                for route in layout?.containerRoutes ?? [] { try inside.addRoute(route) }
            }
        } catch {
            for link in made { try? deleteLinkIfPresent(link) }
            throw error
        }
        return made
    }
}
