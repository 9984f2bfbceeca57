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
    /// Dumped and ended; its image holds it.
    case checkpointed(imagePath: String)
    /// Dumped but frozen in place, its host links down: its memory is in it (or in its lazy
    /// page server), not in the images. Not resumed because the destination may run a copy.
    case held
    /// Ended after the destination took over: the container is the destination's.
    case handedOver
}

/// What a finished step reports back.
public struct MigrationStepReport: Sendable, Equatable {
    /// Pages a pre-dump wrote: pre-copy stops iterating once this is small.
    public var pagesWritten: UInt64?
    public var bytesMoved: UInt64?
    /// A dump that left the source frozen in place (its memory there or in its page server)
    /// instead of ending it with its memory in the images.
    public var heldSource: Bool

    public init(pagesWritten: UInt64? = nil, bytesMoved: UInt64? = nil, heldSource: Bool = false) {
        self.pagesWritten = pagesWritten
        self.bytesMoved = bytesMoved
        self.heldSource = heldSource
    }
}

/// A step's failure that says where the source stands after it, when that is not what the
/// machine would assume (a rollback that could not make sure the destination's copy is gone
/// leaves the source frozen rather than resumed beside it).
public struct MigrationStepFailure: Error, CustomStringConvertible {
    public var reason: any Error
    public var source: MigrationSourceState

    public init(_ reason: any Error, source: MigrationSourceState) {
        self.reason = reason
        self.source = source
    }

    public var description: String { "\(reason)" }
}

/// How a migration ended.
public enum MigrationOutcome: Sendable, Equatable {
    case migrated
    /// `stage` failed with `reason`; the source is `source` (running again after a rollback,
    /// restorable from its checkpoint or held frozen when the rollback failed too, handed over
    /// when only its end after the destination ran failed).
    case failed(stage: String, reason: String, source: MigrationSourceState)
}

extension MigrationOutcome {
    /// The images a failed migration's source is restorable from (it was dumped and ended), to
    /// be kept; nil when the source runs, is held or handed over.
    public var sourceImagePath: String? {
        guard case .failed(_, _, .checkpointed(let imagePath)) = self else { return nil }
        return imagePath
    }
}

extension MigrationSourceState: CustomStringConvertible {
    /// Where the source stands, as an error message says it.
    public var description: String {
        switch self {
        case .running: return "running"
        case .checkpointed(let imagePath): return "stopped, restorable from its checkpoint at \(imagePath)"
        case .held:
            return "frozen in place with its links down, not resumed (once no copy runs on the destination, `cbench system start` resumes it)"
        case .handedOver: return "ended; the container runs on the destination"
        }
    }
}
