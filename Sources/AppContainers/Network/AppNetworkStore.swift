#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import JSONRecords
import NamespaceCore

/// The user-defined networks: one `NAME.json` record and, while containers are attached, one
/// `NAME.members.json` under `root`. Every change happens under one lock file, so concurrent
/// `cbench` processes allocate addresses and subnets without collisions.
public struct AppNetworkStore: Sendable {
    public static let defaultRoot = AppDirectories.persistent + "/networks"

    public let root: String
    let hostPrefixes: any HostPrefixSource

    /// `root` defaults to `AppDirectories.persistent/networks`; tests pass a temporary directory
    /// and a fixed host prefix list.
    public init(root: String = AppNetworkStore.defaultRoot, hostPrefixes: any HostPrefixSource = NetlinkHostPrefixes()) {
        self.root = root
        self.hostPrefixes = hostPrefixes
    }

    func recordPath(_ name: String) -> String { "\(root)/\(name).json" }
    func membersPath(_ name: String) -> String { "\(root)/\(name).members.json" }

    /// Runs `body` holding the store's lock (the directory is made first).
    func locked<T>(_ body: () throws -> T) throws -> T {
        try FileIO.makeDirectories(root)
        return try FileLock(path: "\(root)/.lock").withLock(body)
    }

    /// Every network, by name.
    public func list() throws -> [AppNetwork] {
        guard let names = try? FileIO.names(in: root) else { return [] }
        return try names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".members.json") }.sorted()
            .compactMap { try JSONRecord.readIfPresent(AppNetwork.self, from: "\(root)/\($0)") }
    }

    /// The network called `name`; a one-line error saying how to list or make one otherwise.
    public func inspect(_ name: String) throws -> AppNetwork {
        try AppNetwork.validateName(name)
        guard let network = try JSONRecord.readIfPresent(AppNetwork.self, from: recordPath(name)) else {
            throw CoreError(stage: "network \(name)", detail: "no such network: see `cbench app network ls`, or make it with `cbench app network create \(name)`")
        }
        return network
    }

    /// The containers attached to `name` whose processes still live.
    public func members(of name: String) throws -> [AppNetworkMember] {
        (try JSONRecord.readIfPresent([AppNetworkMember].self, from: membersPath(name)) ?? []).filter(\.isAlive)
    }

    /// Every member record, dead ones included (for pruning).
    func allMembers(of name: String) throws -> [AppNetworkMember] {
        try JSONRecord.readIfPresent([AppNetworkMember].self, from: membersPath(name)) ?? []
    }

    func saveMembers(_ members: [AppNetworkMember], of name: String) throws {
        if members.isEmpty {
            if unlink(membersPath(name)) != 0 && errno != ENOENT { throw CoreError.fromErrno("remove \(membersPath(name))") }
        } else {
            try JSONRecord.write(members, to: membersPath(name))
        }
    }
}
