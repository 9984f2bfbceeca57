#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

/// The members other hosts have on a network across hosts, as they last told us: one file
/// per peer in `peers/NAME/ADDRESS.json`. Only their names and addresses are kept (no pid, no
/// hosts file: nothing of theirs is checked or written here).
extension AppNetworkStore {
    func peersDirectory(_ name: String) -> String { "\(root)/peers/\(name)" }

    public func remoteMembers(of name: String) -> [AppNetworkMember] {
        let directory = peersDirectory(name)
        return (HostRoot.system.list(directory) ?? []).sorted().flatMap { file in
            let members = try? JSONRecord.read([AppNetworkMember].self, from: "\(directory)/\(file)")
            return (members ?? nil) ?? []
        }
    }

    public func saveRemoteMembers(_ members: [AppNetworkMember], of name: String, from peer: String) throws {
        guard IPv4Address(peer) != nil else { throw CoreError(stage: "network \(name)", detail: "peer \(peer) is not an IPv4 address") }
        try FileIO.makeDirectories(peersDirectory(name))
        try JSONRecord.write(members.map(\.asRemote), to: "\(peersDirectory(name))/\(peer).json")
    }

    func removeRemoteMembers(of name: String) {
        try? FileIO.removeTree(peersDirectory(name))
        ProjectDirectories.removeIfEmpty(["\(root)/peers"])
    }
}

extension AppNetworkMember {
    /// What another host may know of this member: no pid, no hosts file.
    var asRemote: AppNetworkMember {
        var copy = self
        copy.hostsFile = nil
        copy.pid = nil
        copy.pidStartTime = nil
        return copy
    }
}
