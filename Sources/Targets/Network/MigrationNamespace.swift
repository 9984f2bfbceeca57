import Glibc
import NamespaceCore
import SystemContainers

extension MigrationNetwork {
    /// The LXC config lines of a veth on the migration bridge with the container's address:
    /// how cbench-system and LXC containers join it (the bridge gets the subnet's first address).
    public var lxcLines: [String] {
        ["lxc.net.0.type = veth", "lxc.net.0.link = \(bridge)", "lxc.net.0.flags = up", "lxc.net.0.ipv4.address = \(address)"]
    }

    /// The container's subnet (`10.213.0.0/24`), as engines' `network create --subnet` take it.
    func subnet(stage: String) throws -> String {
        guard let prefix = IPv4Prefix(address) else {
            throw CoreError(stage: stage, detail: "'\(address)' is not an IPv4 address with its prefix length")
        }
        return prefix.network.description
    }

    /// The veth plan those lines stand for, as cbench system wires it.
    func vethPlan() throws -> SystemVethPlan {
        guard let plan = try LXCConfig.parse(lxcLines.joined(separator: "\n")).vethPlans().first else {
            throw CoreError(stage: "migration network \(address)", detail: "no veth in \(lxcLines)")
        }
        return plan
    }

    /// Makes the bridge (with its address) unless it is there: LXC attaches to one but makes none.
    func ensureBridge() throws {
        try SystemNetwork.real().ensureBridge(try vethPlan())
    }

    /// Removes the bridge when it was made for this (cbench's alias) and nothing is on it.
    static func removeBridgeIfUnused(_ bridge: String) {
        _ = try? SystemNetwork.real().removeBridgeIfUnused(bridge)
    }
}

/// A network namespace of the run (/run/netns/cbench-mig-ID) with a veth on the migration
/// bridge and the container's address: runc and podman containers join it by path, so it is
/// external to CRIU and outlives their checkpoint and restore, as a pod's or a CNI namespace
/// does. The bridge's name is kept in the bundle, so `remove` finds it after a crash too.
enum MigrationNamespace {
    static func namespace(of container: PreparedContainer) -> NetworkNamespace {
        NetworkNamespace(name: "\(NetworkNamespace.namePrefix)mig-\(container.id)")
    }

    /// The host end of the veth: one migrating container at a time per bridge.
    static func hostLink(bridge: String) -> String { String(bridge.prefix(14)) + "v" }
    static func bridgeFile(of container: PreparedContainer) -> String { "\(container.bundle)/migration-bridge" }

    /// Notes the bridge in the bundle (`remove` reads it) and makes it unless it is there.
    static func useBridge(for container: PreparedContainer, network: MigrationNetwork) throws {
        try FileIO.write(bridgeFile(of: container), Array(network.bridge.utf8))
        try network.ensureBridge()
    }

    /// Makes the namespace, its loopback and its veth; returns the namespace's path.
    static func make(for container: PreparedContainer, network: MigrationNetwork) throws -> String {
        let namespace = namespace(of: container)
        do {
            try useBridge(for: container, network: network)
            try NetworkNamespace.create(named: namespace.name)
            let inside = try namespace.routeNetlink()
            try inside.setUp("lo")
            let fd = try namespace.openDescriptor()
            defer { close(fd) }
            _ = try SystemNetwork.real().connect([try network.vethPlan()], namespace: .descriptor(fd), inside: inside) { _ in
                hostLink(bridge: network.bridge)
            }
        } catch {
            remove(for: container)
            throw error
        }
        return namespace.path
    }

    /// Deletes the veth, the namespace and the bridge when nothing else is on it; what is
    /// gone already, or was never made (a container that did not migrate), is fine.
    static func remove(for container: PreparedContainer) {
        guard let bridge = try? String(decoding: FileIO.read(bridgeFile(of: container), limit: 64), as: UTF8.self) else { return }
        try? RouteNetlink().deleteLink(named: hostLink(bridge: bridge))
        try? namespace(of: container).delete()
        MigrationNetwork.removeBridgeIfUnused(bridge)
        unlink(bridgeFile(of: container))
    }
}
