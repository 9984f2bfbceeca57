import Testing
@testable import Checkpoints

/// The strategies' order of steps and what each failure leaves, with a scripted executor.
final class ScriptedExecutor: MigrationExecutor {
    var failAt: String?
    var pagesPerPreDump: [UInt64]
    /// The dump leaves the source frozen in place (post-copy's page server, stop-and-copy's
    /// pages sent to the destination).
    var holdsSource: Bool
    /// A failing rollback says the source stands so (it could not make sure the copy is gone).
    var rollbackLeaves: MigrationSourceState?
    var performed: [String] = []

    init(failAt: String? = nil, pagesPerPreDump: [UInt64] = [], holdsSource: Bool = false, rollbackLeaves: MigrationSourceState? = nil) {
        self.failAt = failAt
        self.pagesPerPreDump = pagesPerPreDump
        self.holdsSource = holdsSource
        self.rollbackLeaves = rollbackLeaves
    }

    func perform(_ step: MigrationStep, imagePath: String) throws -> MigrationStepReport {
        let name = MigrationMachine.stageName(step)
        performed.append(name)
        if name == failAt || failAt == "rollback+\(name)" || (failAt?.hasPrefix("rollback+") == true && name == "rollback") {
            let failure = CheckpointError(stage: name, detail: "scripted failure")
            if name == "rollback", let rollbackLeaves { throw MigrationStepFailure(failure, source: rollbackLeaves) }
            throw failure
        }
        if case .preDump = step, !pagesPerPreDump.isEmpty { return MigrationStepReport(pagesWritten: pagesPerPreDump.removeFirst()) }
        if case .dump = step { return MigrationStepReport(heldSource: holdsSource) }
        return MigrationStepReport()
    }
}

struct MigrationMachineTests {
    @Test func stopAndCopyDumpsTransfersRestoresThenEndsTheSource() {
        var machine = MigrationMachine(strategy: .stopAndCopy, imagePath: "/i")
        let executor = ScriptedExecutor()
        #expect(machine.run(with: executor) == .migrated)
        #expect(executor.performed == ["dump", "transfer", "restore", "finish source"])
        #expect(machine.history.first == .dump(parent: nil, lazy: false))
        #expect(machine.source == .handedOver)
    }

    @Test func postCopyDumpsAndRestoresLazily() {
        var machine = MigrationMachine(strategy: .postCopy, imagePath: "/i")
        #expect(machine.run(with: ScriptedExecutor()) == .migrated)
        #expect(machine.history == [.dump(parent: nil, lazy: true), .transfer, .restore(lazy: true), .finishSource])
    }

    @Test func preCopyIteratesUntilFewPagesAreDirtyThenDumpsOnTheLastPreDump() {
        var machine = MigrationMachine(strategy: .preCopy, imagePath: "/i", maxPreDumps: 5, convergencePages: 100)
        let executor = ScriptedExecutor(pagesPerPreDump: [65536, 4000, 50])
        #expect(machine.run(with: executor) == .migrated)
        #expect(machine.history == [
            .preDump(iteration: 1, parent: nil), .preDump(iteration: 2, parent: "../pre-1"), .preDump(iteration: 3, parent: "../pre-2"),
            .dump(parent: "pre-3", lazy: false), .transfer, .restore(lazy: false), .finishSource,
        ])
    }

    @Test func preCopyStopsAtItsLimitEvenWithoutConverging() {
        var machine = MigrationMachine(strategy: .preCopy, imagePath: "/i", maxPreDumps: 2, convergencePages: 10)
        #expect(machine.run(with: ScriptedExecutor(pagesPerPreDump: [9999, 9999, 9999])) == .migrated)
        #expect(machine.history.prefix(3) == [.preDump(iteration: 1, parent: nil), .preDump(iteration: 2, parent: "../pre-1"),
                                              .dump(parent: "pre-2", lazy: false)])
    }

    @Test func aFailedDumpLeavesTheSourceRunning() {
        for strategy in MigrationStrategy.allCases {
            var machine = MigrationMachine(strategy: strategy, imagePath: "/i")
            let executor = ScriptedExecutor(failAt: "dump", pagesPerPreDump: [1])
            guard case .failed(let stage, _, let source) = machine.run(with: executor) else {
                Issue.record("\(strategy) migrated despite a failed dump")
                continue
            }
            #expect(stage == "dump" && source == .running, "\(strategy)")
            #expect(!executor.performed.contains("finish source"), "\(strategy)")
        }
    }

    @Test func aFailedPreDumpLeavesTheSourceRunning() {
        var machine = MigrationMachine(strategy: .preCopy, imagePath: "/i")
        #expect(machine.run(with: ScriptedExecutor(failAt: "pre-dump 1")) == .failed(stage: "pre-dump 1", reason: "pre-dump 1: scripted failure", source: .running))
    }

    @Test func aFailedTransferOrRestoreRollsTheSourceBack() {
        for failing in ["transfer", "restore"] {
            for strategy in MigrationStrategy.allCases {
                var machine = MigrationMachine(strategy: strategy, imagePath: "/i")
                let executor = ScriptedExecutor(failAt: failing, pagesPerPreDump: [1])
                let outcome = machine.run(with: executor)
                #expect(outcome == .failed(stage: failing, reason: "\(failing): scripted failure", source: .running), "\(strategy) \(failing)")
                #expect(executor.performed.last == "rollback" && !executor.performed.contains("finish source"), "\(strategy) \(failing)")
                #expect(machine.history.last == .rollback(lazy: strategy == .postCopy))
            }
        }
    }

    @Test func aFailedRollbackLeavesTheSourceRestorableFromItsCheckpoint() {
        var machine = MigrationMachine(strategy: .stopAndCopy, imagePath: "/var/lib/x/images")
        guard case .failed(let stage, let reason, let source) = machine.run(with: ScriptedExecutor(failAt: "rollback+restore")) else {
            Issue.record("migrated")
            return
        }
        #expect(stage == "restore" && reason.contains("rollback failed too"))
        #expect(source == .checkpointed(imagePath: "/var/lib/x/images"))
    }

    @Test func aDumpThatHoldsTheSourceSaysSoNotCheckpointed() {
        var machine = MigrationMachine(strategy: .postCopy, imagePath: "/i")
        machine.succeeded(.dump(parent: nil, lazy: true), report: MigrationStepReport(heldSource: true))
        #expect(machine.source == .held)
        var plain = MigrationMachine(strategy: .stopAndCopy, imagePath: "/i")
        plain.succeeded(.dump(parent: nil, lazy: false))
        #expect(plain.source == .checkpointed(imagePath: "/i"))
    }

    /// Post-copy's lazy dump failing after the destination ran (its page server killed once
    /// the copy had every page): the container is the destination's; the source is never
    /// rolled back beside it, and the move still fails, saying so.
    @Test func aFailureAfterTheDestinationRanFailsTheMoveWithTheContainerHandedOver() {
        for strategy in MigrationStrategy.allCases {
            var machine = MigrationMachine(strategy: strategy, imagePath: "/i")
            let executor = ScriptedExecutor(failAt: "finish source", pagesPerPreDump: [1], holdsSource: strategy != .preCopy)
            let outcome = machine.run(with: executor)
            #expect(outcome == .failed(stage: "finish source", reason: "finish source: scripted failure", source: .handedOver), "\(strategy)")
            #expect(!executor.performed.contains("rollback"), "\(strategy): \(executor.performed)")
            #expect(machine.source == .handedOver)
        }
    }

    /// A rollback that cannot make sure the destination's copy is gone leaves a held source
    /// held (frozen, not resumed), and the outcome says so rather than "running".
    @Test func aRollbackThatCannotClearTheDestinationLeavesTheSourceHeld() {
        for failing in ["transfer", "restore"] {
            var machine = MigrationMachine(strategy: .postCopy, imagePath: "/i")
            let executor = ScriptedExecutor(failAt: "rollback+\(failing)", holdsSource: true, rollbackLeaves: .held)
            guard case .failed(let stage, let reason, let source) = machine.run(with: executor) else {
                Issue.record("\(failing): migrated")
                continue
            }
            #expect(stage == failing && reason.contains("rollback failed too"), "\(reason)")
            #expect(source == .held && machine.source == .held, "\(failing)")
            #expect(executor.performed == ["dump", "transfer"] + (failing == "restore" ? ["restore"] : []) + ["rollback"])
        }
    }

    @Test func aPlainFailedRollbackAfterAHoldingDumpLeavesTheSourceHeld() {
        var machine = MigrationMachine(strategy: .stopAndCopy, imagePath: "/i")
        guard case .failed(_, _, let source) = machine.run(with: ScriptedExecutor(failAt: "rollback+restore", holdsSource: true)) else {
            Issue.record("migrated")
            return
        }
        #expect(source == .held)
    }

    @Test func aFailedLazyDumpThatCouldNotResumeTheSourceSaysItIsHeld() {
        var machine = MigrationMachine(strategy: .postCopy, imagePath: "/i")
        machine.failed(.dump(parent: nil, lazy: true), reason: "criu died", leaving: .held)
        #expect(machine.outcome == .failed(stage: "dump", reason: "criu died", source: .held))
    }

    @Test func theSourceIsNeverEndedBeforeTheDestinationRuns() {
        for strategy in MigrationStrategy.allCases {
            var machine = MigrationMachine(strategy: strategy, imagePath: "/i")
            let executor = ScriptedExecutor(pagesPerPreDump: [1])
            _ = machine.run(with: executor)
            let finish = executor.performed.firstIndex(of: "finish source") ?? -1
            let restore = executor.performed.firstIndex(of: "restore") ?? Int.max
            #expect(finish > restore, "\(strategy): \(executor.performed)")
        }
    }

    @Test func aJournalSeesEveryStepBeforeItRuns() {
        var machine = MigrationMachine(strategy: .stopAndCopy, imagePath: "/i")
        var journal: [String] = []
        _ = machine.run(with: ScriptedExecutor()) { journal.append(MigrationMachine.stageName($0)) }
        #expect(journal == ["dump", "transfer", "restore", "finish source"])
    }

    /// Only a source dumped and ended keeps its images (they are all it is); one that runs, is
    /// held or handed over has none to keep.
    @Test func onlyASourceRestorableFromItsImagesNamesThem() {
        #expect(MigrationOutcome.failed(stage: "restore", reason: "x", source: .checkpointed(imagePath: "/i")).sourceImagePath == "/i")
        #expect(MigrationOutcome.failed(stage: "restore", reason: "x", source: .held).sourceImagePath == nil)
        #expect(MigrationOutcome.failed(stage: "dump", reason: "x", source: .running).sourceImagePath == nil)
        #expect(MigrationOutcome.failed(stage: "finish source", reason: "x", source: .handedOver).sourceImagePath == nil)
        #expect(MigrationOutcome.migrated.sourceImagePath == nil)
    }
}
