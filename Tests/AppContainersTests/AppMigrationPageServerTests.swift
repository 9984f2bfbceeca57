import Testing
import Checkpoints
import NamespaceCore
@testable import AppContainers

/// Stop-and-copy's pages to the destination's page server: the remote command's words, the
/// `pages PORT` line the source waits for, and a held source's way through the move (resumed
/// by a rollback, ended only after the restore there).
@Suite struct AppMigrationPageServerTests {
    typealias FakeSteps = AppMigrationTests.FakeSteps

    @Test func theDestinationReceivesThePagesAndRestoresLazilyWhenAsked() {
        let command = AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: true, receivePages: true)
        #expect(command.hasSuffix("echo ready; exec cbench app restore --import /dev/stdin --name 'web' --json --tcp-established --receive-pages --lazy-restore --prepare"),
                "\(command)")
        #expect(!AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: true).contains("--receive-pages"))
    }

    @Test func thePagesLineNamesThePortTheSourceDumpsTo() {
        #expect(PageReceiverLine.line(port: 40123) == "pages 40123\n")
        #expect(PageReceiverLine.port(ofLine: "pages 40123") == 40123)
        #expect(PageReceiverLine.port(ofLine: String(PageReceiverLine.line(port: 7).dropLast())) == 7)
        for other in ["pages 0", "pages 70000", "pages x", "pages ", "ready", "pages40123", ""] {
            #expect(PageReceiverLine.port(ofLine: other) == nil, "'\(other)'")
        }
    }

    @Test func onlyAFinalDumpThatSendsItsPagesHoldsTheSource() {
        let receiver = PageServerAddress(address: "10.251.0.3", port: 40123)
        #expect(AppCheckpointOptions(sendPages: receiver).holdsSource)
        #expect(!AppCheckpointOptions().holdsSource)
        #expect(!AppCheckpointOptions(leaveRunning: true, sendPages: receiver).holdsSource, "it runs on: nothing to hold")
        let lazy = AppLazyPageServing(address: receiver, connection: 9, statusFD: nil)
        #expect(!AppCheckpointOptions(lazyPages: lazy, sendPages: receiver).holdsSource, "post-copy serves its pages itself")
        let preDump = AppCheckpointOptions(imagesPassThrough: true, sendPages: receiver, preDumpDirectory: "pre-2", parentPath: "../pre-1")
        #expect(!preDump.holdsSource && !preDump.freezesBeforeDump, "a pre-dump runs on, never frozen by cbench")
        #expect(!preDump.startsImages, "a later pre-dump keeps the ones before")
        #expect(AppCheckpointOptions(imagesPassThrough: true, sendPages: receiver, preDumpDirectory: "pre-1").startsImages)
        let final = AppCheckpointOptions(imagesPassThrough: true, sendPages: receiver, parentPath: "pre-2")
        #expect(final.holdsSource && final.freezesBeforeDump && !final.startsImages, "the final dump holds the source beside its pre-dumps")
    }

    @Test func aHeldSourceIsEndedOnlyAfterTheRestoreThere() throws {
        let steps = FakeSteps()
        steps.sendsPages = true
        let report = try AppMigration.run(steps, name: "web", clock: AppMigrationTests.clock())
        #expect(steps.lazyDumps == [false])
        #expect(steps.calls == ["connect", "dump", "transfer", "restore", "removeSource"])
        #expect(report.sourceLeft == nil)
    }

    @Test func aFailureAfterAHeldDumpEmptiesTheDestinationThenResumesTheSource() throws {
        for stage in ["transfer", "restore"] {
            let steps = FakeSteps(failing: [stage])
            steps.sendsPages = true
            let failure = #expect(throws: AppMigrationFailure.self) { try AppMigration.run(steps, name: "web", clock: AppMigrationTests.clock()) }
            #expect(failure?.source == .restored, "\(stage)")
            #expect(Array(steps.calls.suffix(2)) == ["discardDestination", "restoreSource"], "\(stage): \(steps.calls)")
        }
    }

    @Test func aHeldSourceThatCannotBeResumedStaysFrozenAndTheErrorSaysHowToResumeIt() throws {
        let steps = FakeSteps(failing: ["restore", "restoreSource"])
        steps.sendsPages = true
        let failure = #expect(throws: AppMigrationFailure.self) { try AppMigration.run(steps, name: "web", clock: AppMigrationTests.clock()) }
        #expect(failure?.source == .held(because: "restoreSource broke"))
        let text = failure?.description ?? ""
        #expect(text.contains("frozen here with its memory") && text.contains("then `cbench app start web` here resume it"), "\(text)")
        #expect(!text.contains("cbench app restore web"), "its pages are not here to restore it from: \(text)")
    }

    @Test func aHeldSourceIsNotResumedWhileTheDestinationMayStillHoldACopy() throws {
        let steps = FakeSteps(failing: ["restore"], leftThere: "`cbench app rm -f web` there: exit 1")
        steps.sendsPages = true
        let failure = #expect(throws: AppMigrationFailure.self) { try AppMigration.run(steps, name: "web", clock: AppMigrationTests.clock()) }
        #expect(!steps.calls.contains("restoreSource"), "\(steps.calls)")
        guard case .held? = failure?.source else {
            Issue.record("the source is \(String(describing: failure?.source))")
            return
        }
        #expect(failure?.destinationLeft == "`cbench app rm -f web` there: exit 1")
    }
}
