#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Joins containers to networks and takes them off again: addresses from the network's pool,
/// a veth pair per network (host end on the network's bridge, the other end eth0, eth1...
/// inside), a route to the subnet only (no default route, no NAT, no forwarding), and every
/// member's hosts file kept current. The host's rtnetlink and the container's are injected,
/// so the request sequence is testable with `RecordingNetlinkSocket`. Not thread-safe: one per task.
public struct AppNetworking {
    public let store: AppNetworkStore
    let host: RouteNetlink
    let containerNetlink: (Int32) throws -> RouteNetlink

    public init(store: AppNetworkStore, host: RouteNetlink, containerNetlink: @escaping (Int32) throws -> RouteNetlink) {
        self.store = store
        self.host = host
        self.containerNetlink = containerNetlink
    }

    /// Real rtnetlink: the caller's namespace for bridges and host ends, /proc/PID/ns/net inside.
    public static func real(store: AppNetworkStore = AppNetworkStore()) throws -> AppNetworking {
        AppNetworking(store: store, host: try RouteNetlink(), containerNetlink: { try RouteNetlink.inNamespace(ofProcess: $0) })
    }

    /// Call BEFORE creating anything for a container: turns its `--network` values into a mode
    /// and checks that every named network exists (an unknown one is a one-line error), so bad
    /// input leaves nothing made. No values means `.none`.
    public static func resolve(_ requested: [String], store: AppNetworkStore = AppNetworkStore()) throws -> AppNetworkMode {
        if requested.isEmpty { return .none }
        for special in AppNetwork.reservedNames where requested.contains(special) {
            guard requested.count == 1 else {
                throw CoreError(stage: "--network \(special)", detail: "network mode \(special) cannot be combined with other networks")
            }
            return special == "host" ? .host : .none
        }
        var seen: Set<String> = []
        for name in requested {
            guard seen.insert(name).inserted else {
                throw CoreError(stage: "--network \(name)", detail: "network \(name) is given twice")
            }
            _ = try store.inspect(name)
        }
        return .networks(requested)
    }

    /// Call while the container's process waits at its start gate (its network namespace made,
    /// `pid` its host pid), after `HostsFile.prepare` made `hostsFile`: joins every network of
    /// `networks` (none or host: nothing to do), writes the container's hosts file and rewrites
    /// those of the other members. Returns one attachment per network, to store with the
    /// container. `address` (`--ip`) is the container's on the first network. On failure
    /// everything it made is undone.
    public func connect(containerID: String, name: String, networks: [String], pid: Int32,
                        hostsFile: String?, address: IPv4Address? = nil) throws -> [AppNetworkAttachment] {
        let names = try Self.resolve(networks, store: store).networkNames
        guard !names.isEmpty else { return [] }
        return try store.locked {
            var joined: [(network: AppNetwork, member: AppNetworkMember)] = []
            do {
                let records = try names.map { try store.inspect($0) }
                let inside = try containerNetlink(pid)
                for (index, network) in records.enumerated() {
                    joined.append(try join(network, index: index, containerID: containerID, name: name, pid: pid,
                                           hostsFile: hostsFile, inside: inside, requested: index == 0 ? address : nil))
                }
                try refreshHostsFiles(required: containerID)
            } catch {
                for (network, member) in joined.reversed() { try? leave(network, containerID: member.containerID) }
                try? refreshHostsFiles()
                throw error
            }
            return joined.map { network, member in
                AppNetworkAttachment(network: network.name, interface: member.interface,
                                     address: "\(member.address)/\(network.subnetPrefix?.length ?? 24)",
                                     gateway: network.gateway, hostLink: member.hostLink, bridge: network.bridge)
            }
        }
    }

    /// Call when the container stops or is removed (also after it died): deletes its veths,
    /// frees its addresses, rewrites the remaining members' hosts files and deletes a bridge
    /// nobody uses any more. A container on no network is fine.
    public func disconnect(containerID: String) throws {
        try store.locked {
            var firstError: (any Error)?
            for network in try store.list() where try store.allMembers(of: network.name).contains(where: { $0.containerID == containerID }) {
                do { try leave(network, containerID: containerID) } catch { firstError = firstError ?? error }
            }
            try refreshHostsFiles()
            if let firstError { throw firstError }
        }
    }

    /// The host end's name: `cbench`, 7 characters of the container id, `v`, the network's position.
    public static func hostLinkName(containerID: String, index: Int) -> String {
        let idPart = String(containerID.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(7))
        return "\(Leftovers.linkPrefix)\(idPart)v\(String(index, radix: 36))"
    }
}
