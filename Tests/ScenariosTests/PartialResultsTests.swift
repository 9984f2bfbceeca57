import Foundation
import Results
import Synchronization
import Targets
import Testing
@testable import Scenarios

/// A run's document is saved as it stands after each scenario and when a stop arrives, and
/// never after the final document.
struct PartialResultsTests {
    final class Saved: Sendable {
        let documents = Mutex<[ResultsDocument]>([])
        func add(_ document: ResultsDocument) { documents.withLock { $0.append(document) } }
        var all: [ResultsDocument] { documents.withLock { $0 } }
    }

    /// Records a sample, then asks the run to stop as a SIGTERM would, and keeps what had been
    /// saved by the time the request returned (the step is still "unwinding").
    struct StoppingKind: ScenarioKind {
        static let name = "test-stopping"
        static let keys: Set<String> = []
        let savedDuringUnwind: Saved
        let saved: Saved
        init(fields: ScenarioFields) throws { saved = Saved(); savedDuringUnwind = Saved() }
        init(saved: Saved, savedDuringUnwind: Saved) {
            self.saved = saved
            self.savedDuringUnwind = savedDuringUnwind
        }
        var requirement: TargetRequirement { .operations([.run]) }
        func run(_ session: ScenarioSession) throws {
            let metric = MetricDefinition(name: "before-stop", unit: "count", better: .higher, coverage: ["*": "the test"])
            for target in session.targets { session.recorder.sample(metric, target: target.name, value: 7) }
            session.stop.request("SIGTERM")
            for document in saved.all { savedDuringUnwind.add(document) }
        }
    }

    func run(_ scenarios: [Scenario], stop: StopSignal, saved: Saved) -> ResultsDocument {
        let work = NSTemporaryDirectory() + "cbench-partial-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runner = ScenarioRunner(targets: [ScenarioRunnerTests.OneShotTarget()], progress: Progress(verbosity: .quiet), stop: stop,
                                    workDirectory: work, probe: nil)
        runner.measurePerf = false
        runner.checkNoise = false
        runner.measureHarness = false
        runner.saveProgress = { saved.add($0) }
        return runner.run(ScenarioSuite(name: "t", scenarios: scenarios), environment: ScenarioRunnerTests.environment)
    }

    @Test func aStopSavesWhatWasMeasuredBeforeTheStepUnwinds() {
        let saved = Saved()
        let duringUnwind = Saved()
        let stop = StopSignal()
        let scenario = Scenario(name: "stopping", kind: StoppingKind(saved: saved, savedDuringUnwind: duringUnwind), targets: nil,
                                warmup: 0, iterations: 1)
        let final = run([scenario], stop: stop, saved: saved)
        let early = duringUnwind.all
        #expect(early.count == 1)
        #expect(early.first?.partial == true)
        #expect(early.first?.measurements.first { $0.metric == "before-stop" }?.samples == [7])
        #expect(final.partial)
        // The scenario's own end saves once more; nothing is saved after the final document.
        #expect(saved.all.count == 2)
    }

    @Test func eachScenarioEndSavesAPartialDocumentAndTheFinalIsComplete() {
        let saved = Saved()
        var second = ScenarioRunnerTests.startup(iterations: 2)
        second.name = "startup-again"
        let final = run([ScenarioRunnerTests.startup(), second], stop: StopSignal(), saved: saved)
        let all = saved.all
        #expect(all.count == 2)
        #expect(all.allSatisfy { $0.partial })
        #expect(all.first?.measurements.first { $0.metric == "create-to-exit" }?.samples.count == 3)
        #expect(final.partial == false)
    }

    @Test func aStopAfterTheRunEndedSavesNothing() {
        let saved = Saved()
        let stop = StopSignal()
        _ = run([ScenarioRunnerTests.startup()], stop: stop, saved: saved)
        let before = saved.all.count
        stop.request("SIGINT")
        #expect(saved.all.count == before)
    }
}
