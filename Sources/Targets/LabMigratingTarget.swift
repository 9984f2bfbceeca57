import Checkpoints

/// A target whose containers also move between two lab hosts (`MigrationLab`): created and
/// started on the lab's source host, moved to its destination with the target's own migrate
/// command, there over the lab's network, never through a shared path.
public protocol LabMigratingTarget: MigratingTarget {
    /// nil when `strategy` works across lab hosts here, else why not.
    func labMigrationSupport(_ strategy: MigrationStrategy) -> String?
    /// Creates the container on the lab's source host (not started yet).
    func prepareOnLab(_ workload: ContainerWorkload, id: String, lab: MigrationLab) throws -> PreparedContainer
    /// Starts it there with its workload.
    func startOnLab(_ container: PreparedContainer, lab: MigrationLab) throws -> ContainerRun
    /// Moves it from the source to the destination host as `strategy` says.
    func migrateOnLab(_ container: PreparedContainer, lab: MigrationLab, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun
    /// Removes it from both hosts, whatever its state. Never throws.
    func cleanupOnLab(_ container: PreparedContainer, lab: MigrationLab)
    /// What one such migration covers, for the report.
    var labMigrationCoverage: String { get }
}

extension LabMigratingTarget where Self: CheckpointingTarget {
    /// Why our own modes cannot move a container between lab hosts with `strategy` here, or
    /// nil: the target cannot checkpoint at all; post-copy's page server pipe
    /// (fs.pipe-max-size, raised by make setup) or userfaultfd (the lab's containers have no
    /// user namespace, so it needs no sysctl); pre-copy's memory tracking, else `preCopy`, what
    /// the target says of that strategy (nil: it moves it).
    func ownModeLabMigrationSupport(_ strategy: MigrationStrategy, preCopy: String? = nil) -> String? {
        if case .unsupported(let reason) = checkpointSupport() { return reason }
        switch strategy {
        case .stopAndCopy:
            return nil
        case .postCopy:
            return PageServerPipeLimit().blocker() ?? MigrationHostCheck().features().unsupportedReason(.postCopy)
        case .preCopy:
            return MigrationHostCheck().features().unsupportedReason(.preCopy) ?? preCopy
        }
    }
}
