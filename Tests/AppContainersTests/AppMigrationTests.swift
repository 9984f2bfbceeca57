import Testing
import Checkpoints
import NamespaceCore
@testable import AppContainers

/// `AppMigration.run` through fake steps: the order, the phases, and on each failure what is
/// undone and what the error says of the source and the destination.
@Suite struct AppMigrationTests {
    struct Stop: Error, CustomStringConvertible {
        let description: String
    }

    /// Records every call; throws at the named ones.
    final class FakeSteps: AppMigrationSteps {
        var calls: [String] = []
        var failing: Set<String> = []
        var leftThere: String?
        /// What each dump was asked: lazy (post-copy) or not.
        var lazyDumps: [Bool] = []
        /// Pre-copy: each pre-dump's iteration and parent ("2 ../pre-1"), and the pages each writes in turn.
        var preDumps: [String] = []
        var pagesPerPreDump: [UInt64] = []
        var parts: [Phase] = []

        init(failing: Set<String> = [], leftThere: String? = nil) {
            self.failing = failing
            self.leftThere = leftThere
        }

        /// Thrown by `restoreSource` instead of `Stop` when set.
        var restoreSourceError: (any Error)?
        /// Its dump sends the pages to the destination's page server and holds the tree.
        var sendsPages = false
        var holdsSource: Bool { sendsPages && calls.contains("dump") }

        private func call(_ name: String) throws {
            calls.append(name)
            if name == "restoreSource", let restoreSourceError { throw restoreSourceError }
            if failing.contains(name) { throw Stop(description: "\(name) broke") }
        }

        func connect() throws { try call("connect") }
        func preDump(iteration: Int, parent: String?) throws -> UInt64? {
            preDumps.append("\(iteration) \(parent ?? "-")")
            try call("preDump")
            return pagesPerPreDump.isEmpty ? nil : pagesPerPreDump.removeFirst()
        }
        func dump(lazy: Bool) throws -> Double? {
            lazyDumps.append(lazy)
            try call("dump")
            return 12.5
        }
        func transfer() throws -> UInt64 {
            try call("transfer")
            return 4096
        }
        func restore() throws -> Double? {
            try call("restore")
            return 30.25
        }
        func discardDestination() -> String? {
            calls.append("discardDestination")
            return leftThere
        }
        func restoreSource() throws { try call("restoreSource") }
        func removeSource() throws { try call("removeSource") }
    }

    static func clock() -> () -> UInt64 {
        var now: UInt64 = 0
        return {
            now += 1_000_000
            return now
        }
    }

    @Test func aMoveRunsEveryStepInOrderAndRemovesTheSourceLast() throws {
        let steps = FakeSteps()
        let report = try AppMigration.run(steps, name: "web", clock: Self.clock())
        #expect(steps.calls == ["connect", "dump", "transfer", "restore", "removeSource"])
        #expect(report.phases.map(\.name) == ["connect", "dump", "transfer", "restore", "finish source"])
        #expect(report.phases.allSatisfy { $0.end > $0.start })
        #expect(report.bytesMoved == 4096)
        // The dump's frozen time plus the restore's, as runc's and the system mode's.
        #expect(report.frozenMilliseconds == 42.75)
        #expect(report.sourceLeft == nil)
    }

    @Test func aFailureBeforeTheFreezeLeavesTheSourceRunning() throws {
        for stage in ["connect", "dump"] {
            let steps = FakeSteps(failing: [stage])
            let failure = #expect(throws: AppMigrationFailure.self) { try AppMigration.run(steps, name: "web", clock: Self.clock()) }
            #expect(failure?.stage == stage)
            #expect(failure?.source == .running)
            #expect(steps.calls.last == "discardDestination", "\(stage): \(steps.calls)")
            #expect(!steps.calls.contains("restoreSource") && !steps.calls.contains("removeSource"))
            #expect(failure?.description.contains("the source is running here") == true)
        }
    }

    @Test func aFailureAfterTheDumpEmptiesTheDestinationThenRestoresTheSource() throws {
        for stage in ["transfer", "restore"] {
            let steps = FakeSteps(failing: [stage])
            let failure = #expect(throws: AppMigrationFailure.self) { try AppMigration.run(steps, name: "web", clock: Self.clock()) }
            #expect(failure?.stage == stage)
            #expect(failure?.source == .restored)
            #expect(failure?.destinationLeft == nil)
            #expect(Array(steps.calls.suffix(2)) == ["discardDestination", "restoreSource"], "\(stage): \(steps.calls)")
            #expect(!steps.calls.contains("removeSource"))
            #expect(failure?.description.contains("\(stage) broke") == true)
            #expect(failure?.description.contains("nothing of it is left on the destination") == true)
        }
    }

    @Test func aSourceThatCannotBeRestoredStaysCheckpointedAndTheErrorSaysHowToRestoreIt() throws {
        let steps = FakeSteps(failing: ["restore", "restoreSource"])
        let failure = #expect(throws: AppMigrationFailure.self) { try AppMigration.run(steps, name: "web", clock: Self.clock()) }
        #expect(failure?.stage == "restore")
        #expect(failure?.cause == "restore broke")
        #expect(failure?.source == .checkpointed(because: "restoreSource broke"))
        let text = failure?.description ?? ""
        #expect(text.contains("restorable with `cbench app restore web`"), "\(text)")
        #expect(text.contains("nothing of it is left on the destination"), "\(text)")
    }

    @Test func aDestinationThatMayStillHoldItKeepsTheSourceCheckpointedNotRestoredBesideIt() throws {
        let steps = FakeSteps(failing: ["restore"], leftThere: "`cbench app rm -f web` there: exit 1")
        let failure = #expect(throws: AppMigrationFailure.self) { try AppMigration.run(steps, name: "web", clock: Self.clock()) }
        #expect(!steps.calls.contains("restoreSource"), "\(steps.calls)")
        guard case .checkpointed(let reason)? = failure?.source else {
            Issue.record("the source is \(String(describing: failure?.source))")
            return
        }
        #expect(reason.contains("`cbench app rm -f web` there: exit 1"), "\(reason)")
        let text = failure?.description ?? ""
        #expect(text.contains("restorable with `cbench app restore web`"), "\(text)")
        #expect(text.contains("the destination still holds it: `cbench app rm -f web` there: exit 1"), "\(text)")
    }

    @Test func aSourceNotRemovedAfterTheMoveIsReportedNotThrown() throws {
        let steps = FakeSteps(failing: ["removeSource"])
        let report = try AppMigration.run(steps, name: "web", clock: Self.clock())
        #expect(report.sourceLeft == "removeSource broke")
        #expect(report.phases.map(\.name) == ["connect", "dump", "transfer", "restore"])
        #expect(!steps.calls.contains("discardDestination"), "the destination runs it: nothing there is undone")
    }

    @Test func theDestinationChecksTheNameThenSaysReadyThenImportsFromItsStdin() {
        let command = AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: true)
        #expect(command == "if cbench app inspect 'web' >/dev/null 2>&1; then echo a container 'web' exists there >&2; exit 17; fi; "
                + "echo ready; exec cbench app restore --import /dev/stdin --name 'web' --json --tcp-established --prepare")
        #expect(!AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: false).contains("--tcp-established"))
        #expect(AppMigrationToHost.removalCommand(name: "web") == "if cbench app inspect 'web' >/dev/null 2>&1; then exec cbench app rm -f 'web'; fi")
        #expect(AppMigrationToHost.quoted("it's") == "'it'\\''s'")
    }

    @Test func postCopysDestinationPullsThePagesFromTheSourcesPageServer() {
        let command = AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: false,
                                                       pageServer: PageServerAddress(address: "10.251.0.2", port: 40123))
        #expect(command.hasSuffix("echo ready; exec cbench app restore --import /dev/stdin --name 'web' --json --lazy-pages-from 10.251.0.2:40123 --prepare"),
                "\(command)")
        #expect(!AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: false).contains("--lazy-pages-from"))
    }

    @Test func postCopyDumpsLazilyAndEndsTheSourceOnlyAfterTheRestoreThere() throws {
        let steps = FakeSteps()
        steps.parts = [Phase(name: MigrationPhaseName.lazyPages, start: 5, end: 9)]
        let report = try AppMigration.run(steps, name: "web", strategy: .postCopy, clock: Self.clock())
        #expect(steps.lazyDumps == [true])
        #expect(steps.calls == ["connect", "dump", "transfer", "restore", "removeSource"])
        #expect(report.strategy == .postCopy)
        #expect(report.parts == steps.parts, "the destination's restore parts are the report's")
        #expect(report.phases.map(\.name) == ["connect", "dump", "transfer", "restore", "finish source"])
        #expect(try AppMigration.run(FakeSteps(), name: "web", clock: Self.clock()).strategy == .stopAndCopy)
    }

    @Test func aPostCopySourceThatCannotBeResumedStaysFrozenWithItsMemory() throws {
        let steps = FakeSteps(failing: ["restore", "restoreSource"])
        let failure = #expect(throws: AppMigrationFailure.self) {
            try AppMigration.run(steps, name: "web", strategy: .postCopy, clock: Self.clock())
        }
        #expect(failure?.stage == "restore")
        #expect(failure?.source == .held(because: "restoreSource broke"))
        #expect(failure?.description.contains("frozen here with its memory, not resumed") == true, "\(String(describing: failure))")
    }

    @Test func aFailedPostCopyRestoreThereResumesTheSourceHere() throws {
        let steps = FakeSteps(failing: ["restore"])
        let failure = #expect(throws: AppMigrationFailure.self) {
            try AppMigration.run(steps, name: "web", strategy: .postCopy, clock: Self.clock())
        }
        #expect(failure?.source == .restored)
        #expect(Array(steps.calls.suffix(2)) == ["discardDestination", "restoreSource"], "\(steps.calls)")
    }

    @Test func preCopyIsRefusedBeforeAnythingWithTheKernelsReason() throws {
        let lacking = MigrationHostFeatures(memoryTracking: false, memoryTrackingReason: "Dirty tracking is OFF", lazyPages: true)
        let steps = FakeSteps()
        let failure = #expect(throws: AppMigrationFailure.self) {
            try AppMigration.run(steps, name: "web", strategy: .preCopy, features: lacking, clock: Self.clock())
        }
        #expect(steps.calls.isEmpty, "\(steps.calls)")
        #expect(failure?.source == .running)
        #expect(failure?.cause.contains("soft-dirty") == true && failure?.cause.contains("Dirty tracking is OFF") == true,
                "\(String(describing: failure))")
        let tracking = MigrationHostFeatures(memoryTracking: true, lazyPages: true)
        #expect(AppMigration.unsupportedReason(.preCopy, features: tracking) == nil, "built: only the kernel can refuse it")
        #expect(AppMigration.unsupportedReason(.postCopy, features: tracking) == nil)
        let noUffd = MigrationHostFeatures(memoryTracking: true, lazyPages: false, lazyPagesReason: "no uffd")
        #expect(AppMigration.unsupportedReason(.postCopy, features: noUffd)?.contains("no uffd") == true)
    }

    @Test func preCopyPreDumpsWhileItRunsUntilFewPagesChangedThenStopsAndCopiesOnTheLast() throws {
        let steps = FakeSteps()
        steps.sendsPages = true
        // MigrationMachine's default: converged below 256 pages.
        steps.pagesPerPreDump = [65_536, 3_000, 40, 7]
        let tracking = MigrationHostFeatures(memoryTracking: true, lazyPages: true)
        let report = try AppMigration.run(steps, name: "web", strategy: .preCopy, features: tracking, clock: Self.clock())
        #expect(steps.calls == ["connect", "preDump", "preDump", "preDump", "dump", "transfer", "restore", "removeSource"])
        #expect(steps.preDumps == ["1 -", "2 ../pre-1", "3 ../pre-2"])
        #expect(steps.lazyDumps == [false], "the final dump is a stop-and-copy's")
        #expect(report.strategy == .preCopy)
        #expect(report.phases.map(\.name) == ["connect", "pre-dump 1", "pre-dump 2", "pre-dump 3", "dump", "transfer", "restore", "finish source"])
        #expect(report.frozenMilliseconds == 42.75, "the frozen window is the final dump's and the restore's only")
    }

    @Test func aFailedPreDumpEndsTheMoveWithTheSourceRunningAndNothingThere() throws {
        let steps = FakeSteps(failing: ["preDump"])
        let tracking = MigrationHostFeatures(memoryTracking: true, lazyPages: true)
        let failure = #expect(throws: AppMigrationFailure.self) {
            try AppMigration.run(steps, name: "web", strategy: .preCopy, features: tracking, clock: Self.clock())
        }
        #expect(steps.calls == ["connect", "preDump", "discardDestination"], "\(steps.calls)")
        #expect(failure?.stage == "pre-dump 1")
        #expect(failure?.cause == "preDump broke")
        #expect(failure?.source == .running)
        #expect(failure?.description.contains("nothing of it is left on the destination") == true, "\(String(describing: failure))")
    }

    @Test func preCopysDestinationTakesThePreDumpsBeforeTheArchiveAndRestoresThroughThem() {
        let command = AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: false, receivePages: true, preCopy: true)
        #expect(command.hasSuffix("exec cbench app restore --import /dev/stdin --name 'web' --json --receive-pages --pre-copy --prepare"), "\(command)")
        #expect(!command.contains("--lazy-restore"), "the pages are read through the pre-dumps, not lazily")
    }

    @Test func aPostCopySourceWhoseTreeEndedWithItsDumpIsSaidToBeGoneNotFrozen() throws {
        let steps = FakeSteps(failing: ["restore"])
        steps.restoreSourceError = AppMigrationSourceGone("its tree ended with the dump")
        let failure = #expect(throws: AppMigrationFailure.self) {
            try AppMigration.run(steps, name: "web", strategy: .postCopy, clock: Self.clock())
        }
        #expect(failure?.source == .gone(because: "its tree ended with the dump"))
        let text = failure?.description ?? ""
        #expect(text.contains("the source is gone here (its tree ended with the dump)") && !text.contains("frozen here"), "\(text)")
    }

    @Test func theRestorePartsAndTimeThereAreReadFromTheSummaryItPrinted() throws {
        let line = #"{"parts":[{"name":"import","start":1,"end":2}],"statistics":{"forkingMicroseconds":900,"restoreMicroseconds":41250}}"#
        let summary = try #require(AppMigrationToHost.restoreSummary(line))
        #expect(summary.parts == [Phase(name: "import", start: 1, end: 2)])
        #expect(summary.statistics.restoreMicroseconds == 41250)
        // An older cbench there prints the name.
        #expect(AppMigrationToHost.restoreSummary("web") == nil)
    }
}
