import Checkpoints
import NamespaceCore

/// LXC "migrates" on this host as `lxc-checkpoint -s` then `lxc-checkpoint -r` from the same
/// images (lxc-start's monitor and CRIU, no daemon), with the quirks `LXCTarget+Checkpoint`
/// lists. The container has a veth on the migration bridge with the scenario's address, which
/// LXC hands to CRIU as a veth pair on restore. lxc-checkpoint has no `--tcp-established`.
extension LXCTarget: MigratingTarget {
    public func migrationSupport(_ strategy: MigrationStrategy) -> String? { checkpointMigrationSupport(strategy) }

    public var migrationCoverage: String {
        "lxc-checkpoint -s + lxc-checkpoint -r on this host (LXC's monitor and CRIU, no daemon), freeze to resumed replies; a veth on a bridge, made again by CRIU"
    }

    public var keepsTCPConnections: Bool { false }

    public func prepareMigratable(_ workload: ContainerWorkload, id: String, network: MigrationNetwork) throws -> PreparedContainer {
        let prepared = try prepareCheckpointable(workload, id: id)
        do {
            try MigrationNamespace.useBridge(for: prepared, network: network)
            let configPath = "\(prepared.bundle)/config"
            let lines = FileIO.contents(configPath).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                .flatMap { $0.hasPrefix("lxc.net.0.") ? [] : [$0] } + network.lxcLines
            try FileIO.write(configPath, Array(lines.joined(separator: "\n").utf8))
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    public func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun {
        try migrateByCheckpoint(container)
    }
}
