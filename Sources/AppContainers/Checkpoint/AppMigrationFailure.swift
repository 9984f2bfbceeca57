/// A move that failed: at which step, why, and where the container stands on both hosts.
public struct AppMigrationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Source: Sendable, Equatable {
        /// Never stopped: the failure came before or in the checkpoint.
        case running
        /// Restored here (or, post-copy, resumed) after the move failed.
        case restored
        /// Not brought back here (its restore failed, or the destination may still hold a
        /// copy): it stays checkpointed, restorable.
        case checkpointed(because: String)
        /// Frozen here with its memory, not resumed (the destination may still hold a copy
        /// that ran): post-copy's source, or stop-and-copy's whose pages went to the
        /// destination's page server (its host links down too).
        case held(because: String)
        /// The destination runs it; only its end here failed.
        case handedOver
        /// Post-copy: its tree ended here with the dump (CRIU ends it once its page server's
        /// peer is gone), so nothing is left to resume.
        case gone(because: String)
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
            here = "the source is checkpointed here, restorable with `cbench app restore \(name)` (not restored here: \(reason))"
        case .held(let reason):
            here = "the source is frozen here with its memory, not resumed (\(reason)); once no copy runs on the destination, "
                + "`cbench app rm -f \(name)` there, then `cbench app start \(name)` here resume it"
        case .handedOver: here = "the container runs on the destination"
        case .gone(let reason): here = "the source is gone here (\(reason))"
        }
        let there = destinationLeft.map { "the destination still holds it: \($0)" } ?? "nothing of it is left on the destination"
        return "\(stage): \(cause); \(here); \(there)"
    }
}

/// A post-copy source whose tree ended with its lazy dump before the rollback could resume it.
public struct AppMigrationSourceGone: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
