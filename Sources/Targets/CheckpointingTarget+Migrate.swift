import Checkpoints
import Glibc
import NamespaceCore

/// The real runtimes "migrate" with their own checkpoint and restore on this host, as
/// `MigrationKind` measures them beside cbench's modes: freeze and dump, then restore from
/// the same images (no copy: one host). Only stop-and-copy: none of their commands restores
/// lazily or dumps iteratively here.
extension CheckpointingTarget {
    /// nil when this target checkpoints here and `strategy` is stop-and-copy, else why not.
    func checkpointMigrationSupport(_ strategy: MigrationStrategy) -> String? {
        if case .unsupported(let reason) = checkpointSupport() { return reason }
        guard strategy == .stopAndCopy else {
            return "\(name) checkpoints and restores on one host with its own commands: stop-and-copy only (no lazy or iterative restore)"
        }
        return nil
    }

    /// Checkpoint into `images` (runc and LXC write there; podman and Docker keep their own),
    /// then restore: a "dump" and a "restore" phase, the bytes of the images written here and
    /// CRIU's frozen and restore times when its statistics are there.
    func migrateByCheckpoint(_ container: PreparedContainer, images: String,
                             checkpoint: () throws -> Phase, restore: () throws -> Phase) throws -> MigrationRun {
        try? FileIO.removeTree(images)
        guard mkdir(images, 0o700) == 0 else { throw CoreError(stage: "\(name) migrate: mkdir \(images)", errno: errno) }
        var dump = try checkpoint()
        dump.name = "dump"
        var back = try restore()
        back.name = "restore"
        let statistics = CheckpointStatistics.read(from: images)
        let frozen = CheckpointStatistics.frozenAndRestoreMilliseconds(dump: statistics, restore: statistics)
        return MigrationRun(phases: [dump, back], bytesMoved: 0, frozenMilliseconds: frozen,
                            pagesWritten: statistics.pagesWritten)
    }

    /// Where a migration's images go: beside the container's bundle, removed with it.
    func migrationImages(_ container: PreparedContainer) -> String { "\(container.bundle)/migration-images" }

    /// The same through the protocol's own checkpoint and restore (no TCP connection kept).
    func migrateByCheckpoint(_ container: PreparedContainer) throws -> MigrationRun {
        let images = migrationImages(container)
        return try migrateByCheckpoint(container, images: images, checkpoint: { try checkpoint(container, to: images) },
                                       restore: { try restore(container, from: images) })
    }
}

extension MigratingTarget where Self: CheckpointingTarget {
    /// A container that migrates by checkpoint starts as a checkpointable one does.
    public func startMigratable(_ container: PreparedContainer) throws -> ContainerRun {
        try startCheckpointable(container)
    }
}
