/// The order of a migration's steps for each strategy, and what a failure at each step
/// leaves. Pure: it only decides; a `MigrationExecutor` acts. The rules it keeps: the source is
/// never ended for good before the destination runs (`finishSource` comes after `restore`); a
/// failure after the dump rolls the source back (from its checkpoint, or thawed where it was
/// held) once the destination's copy is gone; and once the destination has run, the source
/// is never resumed beside it: a failure of `finishSource` ends the move as failed with the
/// container handed over, and a rollback that cannot make sure the destination's copy is gone
/// leaves the source held (`MigrationStepFailure`).
public struct MigrationMachine: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case ready
        /// `converged`: the last pre-dump wrote few pages, or the limit is reached.
        case preDumped(iteration: Int, converged: Bool)
        case dumped
        case transferred
        case restored
        case finished
        case rollingBack(stage: String, reason: String)
        case ended(MigrationOutcome)
    }

    public let strategy: MigrationStrategy
    /// Pre-copy: at most this many pre-dumps before the final dump.
    public let maxPreDumps: Int
    /// Pre-copy: stop iterating once a pre-dump wrote fewer pages than this.
    public let convergencePages: UInt64
    public let imagePath: String
    public private(set) var state: State = .ready
    public private(set) var source: MigrationSourceState = .running
    /// Steps done, in order (a migration report lists them).
    public private(set) var history: [MigrationStep] = []

    public init(strategy: MigrationStrategy, imagePath: String, maxPreDumps: Int = 5, convergencePages: UInt64 = 256) {
        self.strategy = strategy
        self.imagePath = imagePath
        self.maxPreDumps = max(1, maxPreDumps)
        self.convergencePages = convergencePages
    }

    /// Name of the directory of pre-dump N (inside the image directory; CRIU wants parents
    /// given relative to the image directory).
    public static func preDumpDirectory(_ iteration: Int) -> String { "pre-\(iteration)" }

    var lazy: Bool { strategy == .postCopy }

    /// The next step, or nil once the migration has ended (see `outcome`).
    public func nextStep() -> MigrationStep? {
        switch state {
        case .ready:
            return strategy == .preCopy ? .preDump(iteration: 1, parent: nil) : .dump(parent: nil, lazy: lazy)
        case let .preDumped(iteration, converged):
            guard converged else {
                return .preDump(iteration: iteration + 1, parent: "../" + Self.preDumpDirectory(iteration))
            }
            return .dump(parent: Self.preDumpDirectory(iteration), lazy: false)
        case .dumped:
            return .transfer
        case .transferred:
            return .restore(lazy: lazy)
        case .restored:
            return .finishSource
        case .rollingBack:
            return .rollback(lazy: lazy)
        case .finished, .ended:
            return nil
        }
    }

    public var outcome: MigrationOutcome? {
        switch state {
        case .finished: return .migrated
        case .ended(let outcome): return outcome
        default: return nil
        }
    }

    /// Records that `step` succeeded.
    public mutating func succeeded(_ step: MigrationStep, report: MigrationStepReport = MigrationStepReport()) {
        history.append(step)
        switch step {
        case .preDump(let iteration, _):
            let converged = (report.pagesWritten ?? .max) < convergencePages || iteration >= maxPreDumps
            state = .preDumped(iteration: iteration, converged: converged)
        case .dump:
            source = report.heldSource ? .held : .checkpointed(imagePath: imagePath)
            state = .dumped
        case .transfer:
            state = .transferred
        case .restore:
            state = .restored
        case .finishSource:
            source = .handedOver
            state = .finished
        case .rollback:
            if case .rollingBack(let stage, let reason) = state {
                source = .running
                state = .ended(.failed(stage: stage, reason: reason, source: .running))
            }
        }
    }

    /// Records that `step` failed with `reason`; `leaving` is where the executor says the
    /// source stands after it, when it said (`MigrationStepFailure`).
    public mutating func failed(_ step: MigrationStep, reason: String, leaving: MigrationSourceState? = nil) {
        history.append(step)
        let stage = Self.stageName(step)
        if let leaving { source = leaving }
        switch step {
        case .preDump, .dump:
            // A failed dump leaves the tree running (CRIU resumes it), as does a pre-dump,
            // unless the executor says it could not resume it (set above).
            if leaving == nil { source = .running }
            state = .ended(.failed(stage: stage, reason: reason, source: source))
        case .transfer, .restore:
            state = .rollingBack(stage: stage, reason: reason)
        case .finishSource:
            // The destination ran: the container is its, whatever is left here (a lazy dump
            // that failed after the restore, a source that would not end). Never rolled back.
            source = .handedOver
            state = .ended(.failed(stage: stage, reason: reason, source: .handedOver))
        case .rollback:
            if case .rollingBack(let first, let firstReason) = state {
                state = .ended(.failed(stage: first, reason: "\(firstReason); rollback failed too: \(reason)", source: source))
            }
        }
    }

    public static func stageName(_ step: MigrationStep) -> String {
        switch step {
        case .preDump(let iteration, _): return "pre-dump \(iteration)"
        case .dump: return "dump"
        case .transfer: return "transfer"
        case .restore: return "restore"
        case .finishSource: return "finish source"
        case .rollback: return "rollback"
        }
    }
}
