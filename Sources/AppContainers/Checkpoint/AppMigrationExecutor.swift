import Checkpoints
import NamespaceCore

/// Carries out `MigrationMachine`'s steps for `cbench app migrate` through `AppMigrationSteps`,
/// timing each, and keeps what the failure then says: each stage's own error, and what the
/// destination still holds.
final class AppMigrationExecutor<Steps: AppMigrationSteps>: MigrationExecutor {
    let steps: Steps
    let clock: () -> UInt64
    /// When the executor was made: the end of the connect step before it.
    let began: UInt64
    private(set) var phases: [Phase] = []
    private(set) var bytesMoved: UInt64 = 0
    private(set) var frozenMilliseconds: Double?
    /// Each failed stage's error, by `MigrationMachine.stageName` (the machine joins a
    /// rollback's to the first one's; the failure names each in its place).
    private(set) var causes: [String: String] = [:]
    private(set) var destinationLeft: String?
    /// The rollback's own error, when the source could not be brought back.
    private(set) var rollbackCause: String?
    /// Post-copy: the rollback found the source's tree ended with its dump.
    private(set) var sourceGone = false

    init(_ steps: Steps, clock: @escaping () -> UInt64) {
        self.steps = steps
        self.clock = clock
        began = clock()
    }

    func perform(_ step: MigrationStep, imagePath: String) throws -> MigrationStepReport {
        let start = clock()
        do {
            let report = try carryOut(step, imagePath: imagePath)
            phases.append(Phase(name: MigrationMachine.stageName(step), start: start, end: clock()))
            return report
        } catch {
            let cause = (error as? MigrationStepFailure).map { "\($0.reason)" } ?? "\(error)"
            causes[MigrationMachine.stageName(step)] = cause
            if case .rollback = step { rollbackCause = cause }
            throw error
        }
    }

    private func carryOut(_ step: MigrationStep, imagePath: String) throws -> MigrationStepReport {
        switch step {
        case .preDump(let iteration, let parent):
            let pages = try discardingDestinationOnFailure { try steps.preDump(iteration: iteration, parent: parent) }
            return MigrationStepReport(pagesWritten: pages)
        case .dump(_, let lazy):
            frozenMilliseconds = try discardingDestinationOnFailure { try steps.dump(lazy: lazy) }
            return MigrationStepReport(heldSource: lazy || steps.holdsSource)
        case .transfer:
            let bytes = try steps.transfer()
            bytesMoved += bytes
            return MigrationStepReport(bytesMoved: bytes)
        case .restore:
            // The frozen window is the dump's and the restore's, as runc's and the system mode's.
            if let restored = try steps.restore() { frozenMilliseconds = frozenMilliseconds.map { $0 + restored } }
            return MigrationStepReport()
        case .finishSource:
            try steps.removeSource()
            return MigrationStepReport()
        case .rollback(let lazy):
            // The source is brought back only once the destination's copy is surely gone: it
            // may have run there (post-copy, with the pages served so far).
            let kept: MigrationSourceState = lazy || steps.holdsSource ? .held : .checkpointed(imagePath: imagePath)
            destinationLeft = steps.discardDestination()
            if let left = destinationLeft {
                throw MigrationStepFailure(CoreError(stage: "rollback", detail: "not brought back here while the destination may still hold it: \(left)"),
                                           source: kept)
            }
            do { try steps.restoreSource() } catch {
                sourceGone = error is AppMigrationSourceGone
                throw MigrationStepFailure(error, source: kept)
            }
            return MigrationStepReport()
        }
    }

    /// A (pre-)dump's `body`: when it fails nothing was stopped (a failed checkpoint leaves the
    /// container running), so the destination's waiting import is ended and whatever it made removed.
    private func discardingDestinationOnFailure<Value>(_ body: () throws -> Value) throws -> Value {
        do { return try body() } catch {
            destinationLeft = steps.discardDestination()
            throw error
        }
    }

    /// Where the failure says the source stands, from the machine's `source`.
    func sourceAfter(_ source: MigrationSourceState, rolledBack: Bool) -> AppMigrationFailure.Source {
        if sourceGone { return .gone(because: rollbackCause ?? "its tree ended") }
        switch source {
        case .running: return rolledBack ? .restored : .running
        case .checkpointed: return .checkpointed(because: rollbackCause ?? "no rollback ran")
        case .held: return .held(because: rollbackCause ?? "no rollback ran")
        case .handedOver: return .handedOver
        }
    }
}
