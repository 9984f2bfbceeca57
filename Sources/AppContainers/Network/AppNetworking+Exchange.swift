import FoundationEssentials
import JSONRecords
import NamespaceCore

/// How hosts of a network across hosts learn each other's container names: after a container
/// joins or leaves, this host sends its live members of the network to every peer and gets
/// theirs back (one request per peer, no daemon). Each side keeps the other's list and
/// rewrites its containers' hosts files, so names resolve across hosts as they do on one.
/// Addresses cannot collide: each host hands out its own block (`MultiHostLayout`).
public protocol PeerExchange: Sendable {
    /// Sends `members` (this host's, on `network`) to `peer`; returns the peer's.
    func exchange(network: String, from local: String, members: [AppNetworkMember], with peer: String) throws -> [AppNetworkMember]
}

extension AppNetworking {
    /// Call with the store's lock NOT held (a peer doing the same towards us must be able to
    /// take ours). Returns one warning per peer that could not be reached; the container runs
    /// on regardless, and that peer's names come with the next exchange.
    public func exchangeNames(networks names: [String], transport: any PeerExchange) -> [String] {
        var warnings: [String] = []
        for name in names {
            guard let network = try? store.inspect(name), let layout = try? multiHostLayout(of: network),
                  let mine = try? store.members(of: name) else { continue }
            for peer in layout.remotePeers {
                do {
                    let theirs = try transport.exchange(network: name, from: layout.localAddress.description,
                                                        members: mine.map(\.asRemote), with: peer.description)
                    try store.locked { try store.saveRemoteMembers(theirs, of: name, from: peer.description) }
                } catch {
                    warnings.append("network \(name): names not exchanged with \(peer): \(error)")
                }
            }
        }
        try? store.locked { try refreshHostsFiles() }
        return warnings
    }

    /// The peer's side (`cbench app network _exchange`): keeps the sender's members and answers
    /// with this host's live ones.
    public func acceptExchange(network name: String, from peer: String, members: [AppNetworkMember]) throws -> [AppNetworkMember] {
        _ = try store.inspect(name)
        return try store.locked {
            try store.saveRemoteMembers(members, of: name, from: peer)
            try refreshHostsFiles()
            return try store.members(of: name).map(\.asRemote)
        }
    }
}

/// The answer line of `_exchange`: a marker, then the JSON, so nothing else a remote shell
/// prints can be mistaken for it.
public enum PeerExchangeWire {
    public static let marker = "CBENCH-MEMBERS "

    public static func encode(_ members: [AppNetworkMember]) throws -> String {
        String(decoding: try JSONRecord.encode(members), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> [AppNetworkMember] {
        try JSONRecord.decode([AppNetworkMember].self, from: Array(text.utf8), what: "a peer's members")
    }

    /// The members in a reply; an error quoting the reply when there is no marker line.
    public static func members(inReply output: String) throws -> [AppNetworkMember] {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(marker) }) else {
            throw CoreError(stage: "exchange", detail: "no member list in the reply: \(output.trimmingWhitespace())")
        }
        return try decode(String(line.dropFirst(marker.count)))
    }
}
