import Checkpoints

/// What `AppRuntime.restoreReporting` brought back: the running container and CRIU's
/// statistics of its restore (read from the images before they go).
public struct AppRestoreReport: Sendable {
    public var record: AppContainerRecord
    public var statistics: CheckpointStatistics
}
