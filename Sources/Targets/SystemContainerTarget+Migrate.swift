import Checkpoints
import NamespaceCore
import SystemContainers

/// `cbench system` migrates between two stores of the run on this host (the destination
/// stands for a second host until there are lab hosts): the rootfs, config and images are
/// copied, never shared, and the container keeps its address on its bridge.
extension SystemContainerTarget: MigratingTarget {
    /// The second state root a container migrates to.
    var migrationDestination: SystemRuntime {
        SystemRuntime(store: SystemStore(root: "\(context.workDirectory)/system-store-destination",
                                         runRoot: "\(context.stateRoot)/system-destination"))
    }

    public func migrationSupport(_ strategy: MigrationStrategy) -> String? {
        if case .unsupported(let reason) = checkpointSupport() { return reason }
        // The target's containers are user-namespaced (root's subordinate ids).
        if strategy == .postCopy, let reason = SystemRuntime.lazyPagesBlocker() { return reason }
        return MigrationHostCheck().features().unsupportedReason(strategy)
    }

    public func prepareMigratable(_ workload: ContainerWorkload, id: String, network: MigrationNetwork) throws -> PreparedContainer {
        try prepare(workload, id: id, configLines: network.lxcLines)
    }

    public var migrationCoverage: String {
        "cbench system between two state roots on this host: dump, copy of rootfs, config and images, restore, destroy of the source"
    }

    public func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun {
        let report = try runtime.migrate(name: container.id, to: migrationDestination, strategy: strategy,
                                         features: MigrationHostCheck().features(), tcpEstablished: tcpEstablished)
        if case .failed(let stage, let reason, let source) = report.outcome {
            throw CoreError(stage: "migrate \(container.id): \(stage)", detail: "\(reason); the source is \(source.description)")
        }
        return MigrationRun(phases: report.phases,
                            parts: report.parts,
                            bytesMoved: report.bytesMoved, frozenMilliseconds: report.frozenMilliseconds,
                            pagesWritten: report.dump.pagesWritten, pagesLazy: report.dump.pagesLazy)
    }
}
