#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NamespaceCore

/// What `inspect` prints: the record, both halves of the state, the mounts and the cgroup.
public struct AppContainerInspection: Codable, Sendable {
    public var id: String
    public var name: String
    public var created: String
    public var image: String
    public var imageDigest: String
    public var config: AppContainerConfig
    public var path: String
    public var args: [String]
    public var state: AppContainerState
    public var pid: Int32?
    public var cgroupPath: String
    public var hostLinks: [String]
    /// Network name to the container's address on it, while it is a member.
    public var networks: [String: String]
    public var rootfs: Rootfs
    public var mounts: [Mount]

    public struct Rootfs: Codable, Sendable {
        public var lowerDirectories: [String]
        public var upperDirectory: String
        public var workDirectory: String
        public var readOnly: Bool
    }

    public struct Mount: Codable, Sendable {
        public var destination: String
        public var type: String
        public var source: String
        public var options: [String]
    }
}

extension AppRuntime {
    public func inspect(_ reference: String) throws -> AppContainerInspection {
        let id = try store.resolve(reference)
        let record = try store.loadRecord(of: id)
        let state = store.loadState(of: id)
        let live = store.loadRunState(of: id)
        let spec = try? record.launchSpec(store: store)
        return AppContainerInspection(
            id: id, name: record.name, created: record.created, image: record.config.image, imageDigest: record.imageDigest,
            config: record.config, path: spec?.args.first ?? "", args: Array((spec?.args ?? []).dropFirst()),
            state: state, pid: live?.isAlive == true ? live?.pid : nil, cgroupPath: store.cgroupPath(of: id),
            hostLinks: live?.hostLinks ?? [], networks: networkAddresses(of: record),
            rootfs: .init(lowerDirectories: record.layerDirectories.reversed(), upperDirectory: store.upperDirectory(of: id),
                          workDirectory: store.workDirectory(of: id), readOnly: record.config.readOnly),
            mounts: (spec?.mounts ?? []).map { .init(destination: $0.destination, type: $0.type, source: $0.source, options: $0.options) })
    }

    func networkAddresses(of record: AppContainerRecord) -> [String: String] {
        let networks = AppNetworkStore(root: store.root + "/networks")
        var addresses: [String: String] = [:]
        for name in record.config.networks where !AppNetwork.reservedNames.contains(name) {
            if let member = (try? networks.members(of: name))?.first(where: { $0.containerID == record.id }) {
                addresses[name] = member.address
            }
        }
        return addresses
    }

    /// The inspection as indented JSON text.
    public func inspectJSON(_ reference: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(try inspect(reference)), as: UTF8.self)
    }
}
