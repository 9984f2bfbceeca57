/// A move that failed: at which step, why, and where the container stands on both hosts.
public struct AppMigrationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Source: Sendable, Equatable {
        /// Never stopped: the failure came before or in the checkpoint.
        case running
        /// Restored here from its checkpoint after the move failed.
        case restored
        /// Its restore here failed too: it stays checkpointed, restorable.
        case checkpointed(because: String)
    }

    public var name: String
    public var stage: String
    public var cause: String
    public var source: Source
    /// What the destination still holds of the container; nil when nothing.
    public var destinationLeft: String?

    public var description: String {
        let here: String
        switch source {
        case .running: here = "the source is running here, untouched"
        case .restored: here = "the source is restored and running here"
        case .checkpointed(let reason):
            here = "the source is checkpointed here, restorable with `cbench app restore \(name)` (its restore here failed: \(reason))"
        }
        let there = destinationLeft.map { "the destination still holds it: \($0)" } ?? "nothing of it is left on the destination"
        return "\(stage): \(cause); \(here); \(there)"
    }
}
