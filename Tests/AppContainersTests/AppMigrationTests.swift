import Testing
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

        init(failing: Set<String> = [], leftThere: String? = nil) {
            self.failing = failing
            self.leftThere = leftThere
        }

        private func call(_ name: String) throws {
            calls.append(name)
            if failing.contains(name) { throw Stop(description: "\(name) broke") }
        }

        func connect() throws { try call("connect") }
        func dump() throws -> Double? {
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
        let steps = FakeSteps(failing: ["restore", "restoreSource"], leftThere: "`cbench app rm -f web` there: exit 1")
        let failure = #expect(throws: AppMigrationFailure.self) { try AppMigration.run(steps, name: "web", clock: Self.clock()) }
        #expect(failure?.source == .checkpointed(because: "restoreSource broke"))
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
                + "echo ready; exec cbench app restore --import /dev/stdin --name 'web' --print-stats --tcp-established")
        #expect(!AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: false).contains("--tcp-established"))
        #expect(AppMigrationToHost.removalCommand(name: "web") == "if cbench app inspect 'web' >/dev/null 2>&1; then exec cbench app rm -f 'web'; fi")
        #expect(AppMigrationToHost.quoted("it's") == "'it'\\''s'")
    }

    @Test func theRestoreTimeThereIsReadFromTheStatisticsItPrinted() {
        #expect(AppMigrationToHost.restoreMilliseconds(printed: "{\"forkingMicroseconds\":900,\"restoreMicroseconds\":41250}\n") == 41.25)
        // An older cbench there prints the name; statistics without a restore time give none either.
        #expect(AppMigrationToHost.restoreMilliseconds(printed: "web\n") == nil)
        #expect(AppMigrationToHost.restoreMilliseconds(printed: "{\"pagesRestored\":12}") == nil)
    }
}
