import NamespaceCore

/// Keeping every member's hosts file current.
extension AppNetworking {
    /// Rewrites the hosts file of every live member of every network: itself first, then each
    /// container sharing a network with it, by name and by id prefix. Only a failure for
    /// `required` (the container being connected) is an error: one member's broken file must
    /// not keep others from starting.
    func refreshHostsFiles(required: String? = nil) throws {
        var membership: [(network: String, members: [AppNetworkMember])] = []
        for network in try store.list() {
            membership.append((network.name, try store.members(of: network.name) + store.remoteMembers(of: network.name)))
        }
        var done: Set<String> = []
        for (_, members) in membership {
            for member in members where done.insert(member.containerID).inserted {
                guard let path = member.hostsFile else { continue }
                let text = HostsFile.render(Self.hostsEntries(for: member.containerID, membership: membership))
                if member.containerID == required {
                    try HostsFile.writeInPlace(text, to: path)
                } else {
                    try? HostsFile.writeInPlace(text, to: path)
                }
            }
        }
    }

    /// The lines of one container's hosts file below localhost: its own addresses first, then
    /// each peer once (at its address on the first shared network).
    static func hostsEntries(for containerID: String, membership: [(network: String, members: [AppNetworkMember])]) -> [HostsFile.Entry] {
        let shared = membership.filter { $0.members.contains { $0.containerID == containerID } }
        let own = shared.flatMap { $0.members.filter { $0.containerID == containerID } }
        var seen: Set<String> = [containerID]
        var peers: [AppNetworkMember] = []
        for (_, members) in shared {
            for member in members where seen.insert(member.containerID).inserted { peers.append(member) }
        }
        return (own + peers).map { HostsFile.Entry(address: $0.address, names: [$0.containerName, $0.alias]) }
    }
}
