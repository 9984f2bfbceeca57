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
        let attachments = try AppNetworking.real(store: networkStore).connect(
            containerID: record.id, name: record.name, networks: record.config.networks, pid: pid,
            hostsFile: store.hostsPath(of: record.id), address: try record.config.requestedAddress())
        exchangeNames(record.config.networks)
        return attachments.map(\.hostLink)
    }

    public func disconnect(_ record: AppContainerRecord, store: AppStore, hostLinks: [String]) {
        guard Self.joinsNetworks(record) else { return }
        try? AppNetworking.real(store: networkStore).disconnect(containerID: record.id)
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
