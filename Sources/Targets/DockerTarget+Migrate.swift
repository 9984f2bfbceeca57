import Checkpoints
import Glibc
import NamespaceCore

/// Docker "migrates" on this host as `docker checkpoint create` then `docker start
/// --checkpoint`: the request goes through dockerd to containerd and its shim, which run runc
/// and CRIU. Docker has no `--tcp-established`, so no TCP connection is kept across it. The
/// container is on an internal bridge network of its own with the scenario's address
/// (`--ip`), which Docker gives back to the restored container.
extension DockerTarget: MigratingTarget {
    public func migrationSupport(_ strategy: MigrationStrategy) -> String? { checkpointMigrationSupport(strategy) }

    public var migrationCoverage: String {
        "docker checkpoint create + docker start --checkpoint on this host (dockerd, containerd, containerd-shim, runc and CRIU), freeze to resumed replies; an internal Docker bridge network with a fixed address"
    }

    public var keepsTCPConnections: Bool { false }

    func migrationNetworkName(_ container: PreparedContainer) -> String { "mig-\(container.id)" }

    public func prepareMigratable(_ workload: ContainerWorkload, id: String, network: MigrationNetwork) throws -> PreparedContainer {
        let subnet = try network.subnet(stage: "docker migration network")
        let prepared = try prepare(workload, id: id)
        do {
            let host = try daemon.ensureRunning()
            try RealTargetSupport.checked(daemon.command(host: host, [
                "network", "create", "--internal", "--subnet", subnet,
                "--opt", "com.docker.network.bridge.name=\(network.bridge)", migrationNetworkName(prepared),
            ]), stage: "docker network create \(subnet)")
            try FileIO.write("\(prepared.bundle)/migration-address", Array(network.host.utf8))
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    public func startMigratable(_ container: PreparedContainer) throws -> ContainerRun {
        let address = String(decoding: try FileIO.read("\(container.bundle)/migration-address", limit: 64), as: UTF8.self)
        return try startCheckpointable(container, network: [migrationNetworkName(container), "--ip", address])
    }

    public func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun {
        try migrateByCheckpoint(container)
    }

    /// The network `prepareMigratable` made, if it did.
    func removeMigrationNetwork(_ container: PreparedContainer, host: String) {
        guard access("\(container.bundle)/migration-address", F_OK) == 0 else { return }
        _ = try? Spawn(daemon.command(host: host, ["network", "rm", migrationNetworkName(container)])).run()
    }
}
