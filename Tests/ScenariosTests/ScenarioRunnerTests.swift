import Foundation
import NamespaceCore
import Results
import Targets
import Testing
@testable import Scenarios

/// The runner on fake targets: no root, no containers.
struct ScenarioRunnerTests {
    /// A one-shot CLI like `docker run`: a zero-length `create` marker, then one `exit` phase.
    /// Iterations listed in `failing` (counted per target over every run call) exit 1.
    struct OneShotTarget: ContainerTarget {
        var name = "oneshot"
        var failing: Set<Int> = []
        let calls = Counter()
        var operations: Set<TargetOperation> { [.run] }
        func availability() -> TargetAvailability { .available(version: "1") }
        func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
            PreparedContainer(id: id, bundle: "/nonexistent/\(id)", cgroupPath: "cbench/engine-\(id)", workload: workload)
        }
        func run(_ container: PreparedContainer) throws -> ContainerRun {
            let call = calls.next()
            return ContainerRun(phases: [Phase(name: "create", start: 1_000_000, end: 1_000_000),
                                         Phase(name: "exit", start: 1_000_000, end: 4_000_000)],
                                exit: failing.contains(call) ? .exited(1) : .exited(0), stderr: "boom")
        }
        func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { try run(container) }
        func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
        func cleanup(_ container: PreparedContainer) {}
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = -1
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }

    /// A kind made up for the test: it records a sample, a table, a note and a series
    /// through the session, or throws when told to.
    struct ProbeKind: ScenarioKind {
        static let name = "test-kind"
        static let keys: Set<String> = []
        var fails = false
        init(fields: ScenarioFields) throws {}
        init(fails: Bool) { self.fails = fails }
        var requirement: TargetRequirement { .operations([.run]) }
        func run(_ session: ScenarioSession) throws {
            if fails { throw StepFailure(stage: "setup", "no fixture") }
            let metric = MetricDefinition(name: "answer", unit: "count", better: .higher, coverage: ["*": "the whole step"])
            for target in session.targets {
                session.recorder.sample(metric, target: target.name, value: 42)
                session.recorder.note(target: target.name, .limit, "stopped by kernel.pid_max=32768")
                session.recorder.point(SeriesPoint(x: 1, y: 2, label: "first"),
                                       series: ResultSeries(scenario: "", name: "ramp", target: target.name, xLabel: "N", yLabel: "MB", yUnit: "MB"))
            }
            session.recorder.table("limits", title: "Limits", columns: ["name", "value"], rows: [[.text("pid_max"), .number(32768)]])
        }
    }

    static func environment(_: [String: String]) -> Environment {
        Environment(kernel: "k", distribution: "d", cpuModel: "c", cores: 1, memoryBytes: 1, cgroupMode: "v2")
    }

    func run(_ scenarios: [Scenario], targets: [any ContainerTarget], stop: StopSignal = StopSignal(), harness: Bool = false) throws -> ResultsDocument {
        let work = NSTemporaryDirectory() + "cbench-runner-test-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runner = ScenarioRunner(targets: targets, progress: Progress(verbosity: .quiet), stop: stop, workDirectory: work, probe: nil)
        runner.measurePerf = false
        runner.checkNoise = false
        runner.measureHarness = harness
        return runner.run(ScenarioSuite(name: "t", scenarios: scenarios), environment: Self.environment)
    }

    static func startup(iterations: Int = 3, warmup: Int = 0, metrics: [String] = ["create-to-exit", "phases"], targets: [String]? = nil) -> Scenario {
        Scenario(name: "startup", kind: PerformanceKind(workload: WorkloadSpec(rootfs: "/r", command: ["true"]), metrics: metrics),
                 targets: targets, warmup: warmup, iterations: iterations)
    }

    @Test func markerPhasesAreNotRecordedAndTheWholeRunCounts() throws {
        let document = try run([Self.startup()], targets: [OneShotTarget()])
        #expect(document.partial == false)
        #expect(document.measurements.first { $0.metric == "create-to-exit" }?.samples == [3, 3, 3])
        #expect(document.measurements.first { $0.metric == "phase:exit" }?.samples.count == 3)
        #expect(!document.measurements.contains { $0.metric == "phase:create" })
        let entry = try #require(document.scenario(named: "startup"))
        #expect(entry.kind == "performance")
        #expect(entry.metric("create-to-exit")?.unit == "ms")
        #expect(entry.metric("create-to-exit")?.better == .lower)
    }

    @Test func aStopBeforeTheFirstStepGivesAPartialEmptyDocument() throws {
        let stop = StopSignal()
        stop.request("SIGINT")
        let document = try run([Self.startup()], targets: [OneShotTarget()], stop: stop)
        #expect(document.partial)
        #expect(document.measurements.isEmpty)
    }

    @Test func failedStepsAreRecordedWithTheirErrorAndNeverBecomeSamples() throws {
        // Call 0 is the warm-up, calls 1...4 the iterations: the warm-up and iteration 2 fail.
        let document = try run([Self.startup(iterations: 4, warmup: 1, metrics: ["create-to-exit"])],
                               targets: [OneShotTarget(failing: [0, 2])])
        #expect(document.measurements.first?.samples.count == 3)
        #expect(document.failures.count == 2)
        let warmup = try #require(document.failures.first)
        #expect(warmup.warmup && warmup.iteration == 0)
        let failed = try #require(document.failures.last)
        #expect(!failed.warmup && failed.iteration == 1)
        #expect(failed.stage == "exit")
        #expect(failed.error.contains("boom"))
        #expect(!failed.interrupted)
        #expect(document.failedIterations(scenario: "startup", target: "oneshot", parameters: [:]) == 1)
        #expect(document.targetsWithFailures == ["oneshot"])
    }

    @Test func aTargetWithoutTheCapabilityIsSkippedWithTheReason() throws {
        struct NoRun: ContainerTarget {
            var name = "norun"
            var operations: Set<TargetOperation> { [.imageUnpack] }
            func availability() -> TargetAvailability { .available(version: "1") }
            func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer { throw CoreError(stage: "prepare", detail: "never") }
            func run(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
            func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
            func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
            func cleanup(_ container: PreparedContainer) {}
        }
        // Not named: left out altogether. Named: a skipped cell with the reason, no failure.
        let unnamed = try run([Self.startup()], targets: [OneShotTarget(), NoRun()])
        #expect(unnamed.targets.map(\.name) == ["oneshot"])
        let named = try run([Self.startup(targets: ["oneshot", "norun"])], targets: [OneShotTarget(), NoRun()])
        #expect(named.failures.isEmpty)
        let note = try #require(named.notes.first { $0.target == "norun" })
        #expect(note.category == .skipped)
        #expect(note.text.contains("operations run"))
        #expect(!named.measurements.contains { $0.target == "norun" })
    }

    @Test func aKindRecordsSamplesTablesNotesAndSeriesThroughItsSession() throws {
        let document = try run([Scenario(name: "custom", kind: ProbeKind(fails: false))], targets: [OneShotTarget()])
        let samples = try #require(document.measurements.first)
        #expect(samples.samples == [42])
        #expect(samples.higherIsBetter == true)
        #expect(document.definition(scenario: "custom", metric: "answer")?.coverage(of: "oneshot") == "the whole step")
        #expect(document.tables.first?.rows == [[.text("pid_max"), .number(32768)]])
        #expect(document.notes(scenario: "custom", target: "oneshot").map(\.text) == ["stopped by kernel.pid_max=32768"])
        #expect(document.series.first?.points == [SeriesPoint(x: 1, y: 2, label: "first")])
        #expect(document.series.first?.scenario == "custom")
    }

    @Test func aKindThatThrowsFailsItsScenarioOnlyForEveryTarget() throws {
        let document = try run([Scenario(name: "broken", kind: ProbeKind(fails: true)), Self.startup(iterations: 1)],
                               targets: [OneShotTarget()])
        let failure = try #require(document.failures.first)
        #expect(failure.scenario == "broken" && failure.stage == "scenario" && failure.error.contains("no fixture"))
        #expect(document.measurements.contains { $0.scenario == "startup" })
    }

    @Test func theHarnessIsMeasuredOnTheNoopTargetBeforeTimedScenarios() throws {
        let document = try run([Self.startup(iterations: 1)], targets: [OneShotTarget()], harness: true)
        #expect(document.scenarios.map(\.name) == ["harness", "startup"])
        #expect(document.targets.map(\.name) == ["noop", "oneshot"])
        // A no-op target among the run's own targets is not listed twice.
        let once = try run([Self.startup(iterations: 1)], targets: [NoopTarget(context: TargetContext(workDirectory: "/tmp", stateRoot: "/tmp", smokeRootfs: "/")), OneShotTarget()], harness: true)
        #expect(once.targets.map(\.name) == ["noop", "oneshot"])
        #expect(!SuiteSession.defaultTargets(for: [Self.startup(iterations: 1)]).contains("noop"))
        let step = try #require(document.measurements.first { $0.scenario == "harness" && $0.metric == "step" })
        #expect(step.target == "noop" && step.samples.count == 20)
        #expect(document.measurements.contains { $0.scenario == "harness" && $0.metric == "timed-part" })
        // A suite that only judges features times nothing: no harness.
        let features = Scenario(name: "isolation", kind: FeatureKind(workload: WorkloadSpec(rootfs: "/r", command: ["x"]), probes: ["uts"]))
        let judged = try run([features], targets: [OneShotTarget()], harness: true)
        #expect(!judged.scenarios.contains { $0.name == "harness" })
    }

    /// A target whose create-to-exit swings gets extra rounds up to the cap, noted; a steady
    /// one keeps the planned iterations.
    @Test func adaptiveRunsExtendOnlyTheNoisyTarget() throws {
        struct Swinging: ContainerTarget {
            var name = "swinging"
            let calls = Counter()
            var operations: Set<TargetOperation> { [.run] }
            func availability() -> TargetAvailability { .available(version: "1") }
            func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
                PreparedContainer(id: id, bundle: "/nonexistent/\(id)", cgroupPath: "", workload: workload)
            }
            func run(_ container: PreparedContainer) throws -> ContainerRun {
                let end: UInt64 = calls.next() % 2 == 0 ? 2_000_000 : 9_000_000
                return ContainerRun(phases: [Phase(name: "create", start: 1_000_000, end: 1_000_000), Phase(name: "run", start: 1_000_000, end: end)],
                                    exit: .exited(0))
            }
            func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { try run(container) }
            func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
            func cleanup(_ container: PreparedContainer) {}
        }
        var scenario = Self.startup(iterations: 4, metrics: ["create-to-exit"])
        scenario.adaptive = AdaptivePolicy(cv: 0.1, maxIterations: 9)
        let document = try run([scenario], targets: [OneShotTarget(), Swinging()])
        #expect(document.measurements.first { $0.target == "oneshot" }?.samples.count == 4)
        #expect(document.measurements.first { $0.target == "swinging" }?.samples.count == 9)
        let note = try #require(document.notes.first { $0.target == "swinging" })
        #expect(note.category == .warning && note.text.hasPrefix("adaptive: 9 iterations instead of 4 (cap 9)"))
        #expect(!document.notes.contains { $0.target == "oneshot" })
    }

    /// boot-run-halt needs a system-style target; a one-shot runtime named in it is skipped.
    @Test func bootRunHaltRequiresASystemStyleTarget() throws {
        let scenario = Scenario(name: "system", kind: PerformanceKind(workload: WorkloadSpec(rootfs: "/r", command: ["true"], mode: .bootRunHalt)),
                                targets: ["oneshot"])
        let document = try run([scenario], targets: [OneShotTarget()])
        #expect(document.notes.first?.text == "skipped: it lacks system containers (SystemStyleTarget)")
        #expect(document.measurements.isEmpty && document.failures.isEmpty)
    }
}
