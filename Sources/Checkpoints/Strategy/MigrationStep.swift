/// One step of a migration, carried out by a `MigrationExecutor`.
public enum MigrationStep: Sendable, Equatable {
    /// Copy memory while the source runs; `parent` is the previous pre-dump's directory name.
    case preDump(iteration: Int, parent: String?)
    /// Dump the source. Stop-and-copy and pre-copy end it with the dump; post-copy keeps its
    /// memory on the source's page server until the destination has pulled it.
    case dump(parent: String?, lazy: Bool)
    /// Move the image directory to the destination (never through a shared path).
    case transfer
    /// Restore on the destination (lazily: pages come from the source's page server).
    case restore(lazy: Bool)
    /// The destination runs: end what is left of the source (its page server, its records).
    case finishSource
    /// A step after the dump failed: bring the source back on its own host.
    case rollback(lazy: Bool)
}

/// Where the source stands, so a failure can say which: running, or restorable from its image.
public enum MigrationSourceState: Sendable, Equatable, Codable {
    case running
    /// Dumped and ended; its image (and, for post-copy, its page server) holds it.
    case checkpointed(imagePath: String)
    /// Ended after the destination took over.
    case handedOver
}

/// What a finished step reports back.
public struct MigrationStepReport: Sendable, Equatable {
    /// Pages a pre-dump wrote: pre-copy stops iterating once this is small.
    public var pagesWritten: UInt64?
    public var bytesMoved: UInt64?

    public init(pagesWritten: UInt64? = nil, bytesMoved: UInt64? = nil) {
        self.pagesWritten = pagesWritten
        self.bytesMoved = bytesMoved
    }
}

/// How a migration ended.
public enum MigrationOutcome: Sendable, Equatable {
    case migrated
    /// `stage` failed with `reason`; the source is `source` (running again after a rollback,
    /// or restorable from its checkpoint when the rollback failed too).
    case failed(stage: String, reason: String, source: MigrationSourceState)
}

extension MigrationSourceState: CustomStringConvertible {
    /// Where the source stands, as an error message says it.
    public var description: String {
        switch self {
        case .running: return "running"
        case .checkpointed(let imagePath): return "stopped, restorable from its checkpoint at \(imagePath)"
        case .handedOver: return "handed over to the destination"
        }
    }
}
