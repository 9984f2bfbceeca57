import Foundation
import NamespaceCore
import Results
import Targets
import Testing
@testable import Scenarios

/// Teardown readings that follow a script, one entry per read (the last repeats), and an
/// event log shared with `LoggingTarget` so a test sees where the reads fall among steps.
final class ScriptedTeardown: TeardownActivitySource, @unchecked Sendable {
    private let lock = NSLock()
    private let script: [TeardownActivity]
    private let log: EventLog?
    private(set) var reads = 0

    init(_ script: [TeardownActivity], log: EventLog? = nil) {
        self.script = script
        self.log = log
    }

    func read() -> TeardownActivity {
        lock.lock()
        defer { lock.unlock() }
        let activity = script[min(reads, script.count - 1)]
        reads += 1
        log?.add("read")
        return activity
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []
    func add(_ entry: String) { lock.lock(); entries.append(entry); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return entries }
}

struct StepSettleTests {
    static func quiet(_ dying: Int? = 0) -> TeardownActivity { TeardownActivity(busyQueues: [], dyingCgroups: dying) }
    static func busy(_ queues: [String], _ dying: Int? = 0) -> TeardownActivity { TeardownActivity(busyQueues: queues, dyingCgroups: dying) }

    let clock = SteppedClock()

    func settle(_ source: ScriptedTeardown, bound: Double = 2) -> StepSettle {
        var settle = StepSettle(source: source)
        settle.boundSeconds = bound
        settle.pollSeconds = 0.002
        settle.quietPolls = 3
        settle.clock = clock.now
        settle.pause = clock.pause
        return settle
    }

    @Test func aBusyTeardownQueueHoldsTheWaitUntilQuietReadingsInARow() {
        // Busy, quiet, busy again (a second item), then quiet: the run of quiet readings starts over.
        let source = ScriptedTeardown([Self.busy(["netns"]), Self.quiet(), Self.busy(["cgroup_release"]), Self.quiet()])
        var settle = settle(source)
        let outcome = settle.wait()
        #expect(outcome.end == .quiet)
        #expect(outcome.polls == 6)
        #expect(source.reads == 6)
        #expect(clock.pauses == Array(repeating: 0.002, count: 5))
        #expect(abs(outcome.seconds - 0.010) < 1e-9)
    }

    @Test func dyingCgroupsAboveTheCountBeforeTheLastStepHoldTheWait() {
        // begin() reads 2; the step leaves 4 dying; they go one by one.
        let source = ScriptedTeardown([Self.quiet(2), Self.quiet(4), Self.quiet(3), Self.quiet(2), Self.quiet(2), Self.quiet(2)])
        var settle = settle(source)
        settle.begin()
        #expect(settle.dyingBefore == 2)
        let outcome = settle.wait()
        #expect(outcome.end == .quiet)
        #expect(outcome.polls == 5)
        #expect(settle.dyingBefore == 2)
    }

    @Test func fewerDyingCgroupsThanBeforeCountAsQuiet() {
        let source = ScriptedTeardown([Self.quiet(5), Self.quiet(1)])
        var settle = settle(source)
        settle.begin()
        let outcome = settle.wait()
        #expect(outcome.end == .quiet)
        #expect(outcome.polls == 3)
        #expect(settle.dyingBefore == 1)
    }

    @Test func theBoundEndsTheWaitNamingWhatWasBusyAndAStuckCountIsTheNextReference() {
        // A cgroup that stays dying (pinned, or someone else's) and a netns worker that never ends.
        let source = ScriptedTeardown([Self.quiet(0), Self.busy(["netns", "netns"], 1)])
        var settle = settle(source, bound: 0.02)
        settle.begin()
        let first = settle.wait()
        #expect(first == StepSettle.Outcome(end: .bound(busy: "kernel workers busy on netns; 1 dying cgroups (0 before the last step)"),
                                            seconds: 0.02, polls: 11))
        #expect(first.reachedBound)
        #expect(settle.dyingBefore == 1)
        // The next wait holds only for the worker, not for the cgroup that stayed.
        let second = settle.wait()
        if case .bound(let busy) = second.end {
            #expect(busy == "kernel workers busy on netns")
        } else {
            Issue.record("expected the bound, got \(second.end)")
        }
    }

    @Test func aStopRequestEndsTheWait() {
        let source = ScriptedTeardown([Self.busy(["cgroup_free"])])
        var settle = settle(source)
        var asked = 0
        let outcome = settle.wait(stopped: { asked += 1; return asked == 2 })
        #expect(outcome.end == .stopped)
        #expect(outcome.polls == 2)
        #expect(!outcome.reachedBound)
    }

    @Test func withoutACgroup2RootOnlyTheWorkersCount() {
        let source = ScriptedTeardown([Self.quiet(nil), Self.busy(["inet_frag_wq"], nil), Self.quiet(nil)])
        var settle = settle(source)
        settle.begin()
        #expect(settle.dyingBefore == nil)
        #expect(settle.wait().polls == 4)
    }

    @Test func onlyAWorkerRunningATeardownItemIsBusy() {
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/1:2+netns\n") == "netns")
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/u8:3+cgroup_release") == "cgroup_release")
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/0:5+cgroup_free") == "cgroup_free")
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/0:1+cgroup_destroy") == "cgroup_destroy")
        // `-queue` is the last item a worker ran, not a running one.
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/1:1-cgroup_release") == nil)
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/R-netns") == nil)
        // The shared queue where a namespace's teardown ends counts; other shared queues do not.
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/0:2+events") == "events")
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/u8:3+events_unbound") == nil)
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/1:1+mm_percpu_wq") == nil)
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "kworker/1:2H") == nil)
        #expect(HostTeardownActivity.busyTeardownQueue(comm: "cbench+netns") == nil)
    }

    @Test func theDyingCountComesFromCgroupStat() {
        let stat = "nr_descendants 3\nnr_subsys_perf_event 4\nnr_dying_descendants 7\nnr_dying_subsys_perf_event 0\n"
        #expect(HostTeardownActivity.dyingDescendants(stat) == 7)
        #expect(HostTeardownActivity.dyingDescendants("nr_descendants 3\n") == nil)
        #expect(HostTeardownActivity.dyingDescendants("") == nil)
        #expect(HostTeardownActivity(cgroup2Root: nil).read().dyingCgroups == nil)
    }
}

/// The runner takes a settle wait before every measured step of a timed kind, after the
/// step is prepared and before its timed part, for every target alike, and records it.
struct StepSettleRunnerTests {
    struct LoggingTarget: ContainerTarget {
        var name: String
        let log: EventLog
        var operations: Set<TargetOperation> { [.run] }
        func availability() -> TargetAvailability { .available(version: "1") }
        func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
            log.add("prepare \(name)")
            return PreparedContainer(id: id, bundle: "/nonexistent/\(id)", cgroupPath: "cbench/engine-\(id)", workload: workload)
        }
        func run(_ container: PreparedContainer) throws -> ContainerRun {
            log.add("run \(name)")
            return ContainerRun(phases: [Phase(name: "create", start: 1_000_000, end: 2_000_000), Phase(name: "exit", start: 2_000_000, end: 3_000_000)],
                                exit: .exited(0))
        }
        func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { try run(container) }
        func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
        func cleanup(_ container: PreparedContainer) { log.add("cleanup \(name)") }
    }

    func run(_ scenario: Scenario, source: ScriptedTeardown?, log: EventLog) throws -> ResultsDocument {
        let work = NSTemporaryDirectory() + "cbench-settle-test-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let targets = ["a", "b"].map { LoggingTarget(name: $0, log: log) }
        let runner = ScenarioRunner(targets: targets, progress: Progress(verbosity: .quiet), stop: StopSignal(), workDirectory: work, probe: nil)
        runner.measurePerf = false
        runner.checkNoise = false
        runner.measureHarness = false
        runner.teardownActivity = source
        return runner.run(ScenarioSuite(name: "t", scenarios: [scenario]), environment: ScenarioRunnerTests.environment)
    }

    @Test func everyMeasuredStepOfEveryTargetWaitsBetweenItsPreparationAndItsRun() throws {
        let log = EventLog()
        let source = ScriptedTeardown([StepSettleTests.quiet()], log: log)
        let document = try run(ScenarioRunnerTests.startup(iterations: 2, warmup: 1, metrics: ["create-to-exit"]), source: source, log: log)
        // begin() once, then three quiet readings before each of the 4 measured steps; none before the warm-ups.
        let steps = ["a", "b", "a", "b"].flatMap { ["prepare \($0)", "read", "read", "read", "run \($0)", "cleanup \($0)"] }
        #expect(log.all == ["read", "prepare a", "run a", "cleanup a", "prepare b", "run b", "cleanup b"] + steps)
        let table = try #require(document.tables.first { $0.scenario == "startup" && $0.name == SettleLog.tableName })
        #expect(table.rows.map { $0[0] } == [.text("a"), .text("b")])
        #expect(table.rows.map { $0[1] } == [.number(2), .number(2)])
        #expect(table.rows.map { $0[5] } == [.number(0), .number(0)])
        // The metric is the run's own span, whatever the wait took.
        #expect(document.measurements.first { $0.metric == "create-to-exit" }?.samples == [2, 2])
        #expect(!document.notes.contains { $0.category == .warning })
    }

    @Test func aRunWithoutATeardownSourceTakesNoWait() throws {
        let log = EventLog()
        let document = try run(ScenarioRunnerTests.startup(iterations: 1), source: nil, log: log)
        #expect(!log.all.contains("read"))
        #expect(!document.tables.contains { $0.name == SettleLog.tableName })
    }
}
