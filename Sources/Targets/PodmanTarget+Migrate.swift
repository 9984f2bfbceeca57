import Checkpoints
import NamespaceCore

/// Podman "migrates" on this host as `podman container checkpoint` then `podman container
/// restore`, with `--tcp-established` both ways; conmon and the OCI runtime (runc) do the
/// work, no daemon. The container joins a network namespace of the run (`--network
/// ns:PATH`), so the client reaches the same address before and after.
extension PodmanTarget: MigratingTarget {
    public func migrationSupport(_ strategy: MigrationStrategy) -> String? { checkpointMigrationSupport(strategy) }

    public var migrationCoverage: String {
        "podman container checkpoint + podman container restore on this host (podman, conmon and \(runtime) with CRIU; images in podman's storage), freeze to resumed replies; the network namespace is the run's (--network ns:PATH)"
    }

    public func prepareMigratable(_ workload: ContainerWorkload, id: String, network: MigrationNetwork) throws -> PreparedContainer {
        let prepared = try prepare(workload, id: id)
        do {
            _ = try MigrationNamespace.make(for: prepared, network: network)
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    public func startMigratable(_ container: PreparedContainer) throws -> ContainerRun {
        try startCheckpointable(container, network: "ns:\(MigrationNamespace.namespace(of: container).path)")
    }

    public func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun {
        try migrateByCheckpoint(container, images: migrationImages(container),
                                checkpoint: { try checkpoint(container, tcpEstablished: tcpEstablished) },
                                restore: { try restore(container, tcpEstablished: tcpEstablished) })
    }
}
