#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The network code behind `AppContainerNetworking`: networks live in the store's
/// `networks/` directory. Netlink is opened only for containers on user-defined networks,
/// so `none` (the default) costs nothing at start.
public struct RealAppContainerNetworking: AppContainerNetworking {
    public let networkStoreRoot: String

    public init(networkStoreRoot: String) {
        self.networkStoreRoot = networkStoreRoot
    }

    var networkStore: AppNetworkStore { AppNetworkStore(root: networkStoreRoot) }

    public func validate(networks: [String]) throws {
        _ = try AppNetworking.resolve(networks, store: networkStore)
    }

    public func connect(_ record: AppContainerRecord, store: AppStore, pid: Int32) throws -> [String] {
        guard Self.joinsNetworks(record) else { return [] }
        let networking = try AppNetworking.real(store: networkStore)
        let attachments = try networking.connect(
            containerID: record.id, name: record.name, networks: record.config.networks, pid: pid,
            hostsFile: store.hostsPath(of: record.id), address: try record.config.requestedAddress())
        // A fixed address (`--ip`) may have been another container's, on another host of an
        // overlay, a moment ago: peers still hold that one's MAC and found this one only when
        // their neighbour entry failed, some 40 s later (a lab scenario's moves, 2026-12-05).
        // Announced as a restore announces it; a missed announcement only delays them.
        if record.config.ipv4Address != nil {
            AddressAnnouncement.report(networking.announce(attachments, pid: pid), stage: "start \(record.name)")
        }
        exchangeNames(record.config.networks)
        return attachments.map(\.hostLink)
    }

    public func disconnect(_ record: AppContainerRecord, store: AppStore, hostLinks: [String]) {
        guard Self.joinsNetworks(record) else { return }
        try? AppNetworking.real(store: networkStore).disconnect(containerID: record.id)
        // A container ended by its checkpoint (its journal is there) comes back with its name
        // and address, here or on another host: the peers' hosts files stay right, and telling
        // them (ssh to each peer of an overlay) was 0.6-0.8 s of every lab move's frozen window.
        guard access(store.checkpointJournalPath(of: record.id), F_OK) != 0 else { return }
        exchangeNames(record.config.networks)
    }

    static func joinsNetworks(_ record: AppContainerRecord) -> Bool {
        record.config.networks.contains { !AppNetwork.reservedNames.contains($0) }
    }
}

extension AppContainerConfig {
    /// `--network` as a mode, without looking anything up (validation did).
    public var networkMode: AppNetworkMode {
        if networks.isEmpty || networks == ["none"] { return .none }
        if networks == ["host"] { return .host }
        return .networks(networks)
    }
}
