import Checkpoints
import NamespaceCore

/// What `AppRuntime.restoreReporting` brought back: the running container and CRIU's
/// statistics of its restore (read from the images before they go).
public struct AppRestoreReport: Sendable {
    public var record: AppContainerRecord
    public var statistics: CheckpointStatistics
}

/// What `cbench app restore --json` prints on one line, for a move that runs it on another
/// host: the restore's parts on the monotonic clock and CRIU's statistics of it.
public struct AppRestoreSummary: Sendable, Equatable, Codable {
    public var parts: [Phase]
    public var statistics: CheckpointStatistics

    public init(parts: [Phase], statistics: CheckpointStatistics) {
        self.parts = parts
        self.statistics = statistics
    }
}
