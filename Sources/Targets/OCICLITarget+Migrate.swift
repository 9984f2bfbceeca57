import Checkpoints
import NamespaceCore
import OCIRuntime

/// runc "migrates" on this host as its users do by hand: `runc checkpoint` then `runc
/// restore --detach` from the same images, no daemon. The container joins a network
/// namespace of the run by path (MigrationNamespace), which runc hands to CRIU as external,
/// so the client reaches the same address before and after. crun: built without CRIU.
extension OCICLITarget: MigratingTarget {
    public func migrationSupport(_ strategy: MigrationStrategy) -> String? { checkpointMigrationSupport(strategy) }

    public var migrationCoverage: String {
        "\(executable) checkpoint + \(executable) restore --detach on this host (CRIU through \(executable), no daemon), freeze to resumed replies; the network namespace is the run's, joined by path"
    }

    public func prepareMigratable(_ workload: ContainerWorkload, id: String, network: MigrationNetwork) throws -> PreparedContainer {
        let prepared = try prepare(workload, id: id)
        do {
            let path = try MigrationNamespace.make(for: prepared, network: network)
            var spec = OCIBundle.spec(for: prepared)
            OCIBundle.join(network: path, in: &spec)
            try OCIBundle.write(spec, to: prepared.bundle)
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    public func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun {
        let images = migrationImages(container)
        return try migrateByCheckpoint(container, images: images,
                                       checkpoint: { try checkpoint(container, to: images, tcpEstablished: tcpEstablished) },
                                       restore: { try restore(container, from: images, tcpEstablished: tcpEstablished) })
    }
}
