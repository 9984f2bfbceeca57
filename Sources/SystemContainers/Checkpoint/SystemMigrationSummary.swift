import Checkpoints
import NamespaceCore

/// What one migration did, as `cbench system migrate --json` prints it for a harness on another
/// host: its steps on the monotonic clock (the same clock on every lab host of one machine),
/// the bytes copied and CRIU's statistics of the dump.
public struct MigrationSummary: Sendable, Equatable, Codable {
    public var steps: [Phase]
    /// The parts of the destination's restore (absent from an older cbench's summary).
    public var parts: [Phase]?
    public var bytesMoved: UInt64
    /// The dump's frozen time plus the restore time where CRIU's statistics give both.
    public var frozenMilliseconds: Double?
    public var pagesWritten: UInt64?

    public init(steps: [Phase], parts: [Phase] = [], bytesMoved: UInt64, frozenMilliseconds: Double?, pagesWritten: UInt64?) {
        self.steps = steps
        self.parts = parts
        self.bytesMoved = bytesMoved
        self.frozenMilliseconds = frozenMilliseconds
        self.pagesWritten = pagesWritten
    }
}

extension SystemMigrationReport {
    public var summary: MigrationSummary {
        MigrationSummary(steps: phases, parts: parts, bytesMoved: bytesMoved, frozenMilliseconds: frozenMilliseconds, pagesWritten: dump.pagesWritten)
    }
}
