import Foundation
import NamespaceCore
import Results
import Targets

/// What a scenario kind runs with, one per scenario: the targets that can take part, the
/// step machinery (interleaved plan, progress line, timeout, Ctrl-C, cleanup, failures
/// recorded), container ids, a work directory, the host's facts and the recorder. Its
/// members are constants or lock-protected, so a kind may use it from worker threads.
public final class ScenarioSession: @unchecked Sendable {
    public let scenario: Scenario
    /// Available targets that meet the kind's requirement, in column order.
    public let targets: [any ContainerTarget]
    public let progress: Progress
    public let stop: StopSignal
    /// A directory of this scenario, removed after it; the kind makes what it needs in it.
    public let workDirectory: String
    /// Kernel, cgroup layout and limits of this host, read once per run.
    public let host: HostFacts
    /// The static probe, for workloads that run it.
    public let probe: String?
    /// Whether kinds may open perf counters (off in unit tests with fake targets).
    public let perfCounters: Bool
    public let recorder: ScenarioRecorder
    /// Targets the scenario named (or the suite offered) that run here but lack what the
    /// kind needs, with the reason: a kind that decides a feature row gives them a cell.
    public let unmet: [String: String]
    let run: RunState

    init(scenario: Scenario, targets: [any ContainerTarget], workDirectory: String, run: RunState, recorder: ScenarioRecorder,
         unmet: [String: String] = [:]) {
        self.scenario = scenario
        self.unmet = unmet
        self.targets = targets
        self.workDirectory = workDirectory
        self.run = run
        self.recorder = recorder
        progress = run.progress
        stop = run.stop
        host = run.host
        probe = run.probe
        perfCounters = run.perfCounters
    }

    /// A container id unique in this run (`cbench-<pid>-<tag>-<n>`; it also names the cgroup).
    public func containerID() -> String { run.nextContainerID() }

    /// Runs one step: a progress line, `work` built (a thrown error fails the step at stage
    /// `prepare`), run with the scenario's timeout while watching Ctrl-C, cleaned up. A
    /// failure, timeout or interruption is recorded for the step and gives nil.
    public func execute<Value: Sendable>(_ step: PlannedStep, target: any ContainerTarget, label: String? = nil,
                                         work: () throws -> StepWork<Value>) -> Value? {
        execute(step, targetName: target.name, label: label, work: work)
    }

    /// `execute` for a step that no target runs (a baseline without containers), recorded
    /// under `targetName`. `settle` runs after the step is prepared, just before its timed part.
    public func execute<Value: Sendable>(_ step: PlannedStep, targetName: String, label: String? = nil, settle: () -> Void = {},
                                         work: () throws -> StepWork<Value>) -> Value? {
        let text = label ?? ScenarioSession.label(scenario: scenario.name, target: targetName, step: step)
        run.stepStarted(text)
        if case .succeeded(let value) = attempt(step, targetName: targetName, label: text, settle: settle, work: work) { return value }
        return nil
    }

    /// One step of a kind's own loop (a ramp's start, a worker's): as `execute`, but without
    /// a progress line (the kind reports its progress with `announce`), and the outcome says
    /// how it failed, so the kind can name the limit behind it. Failures are recorded as in
    /// `execute`. Safe to call from several threads at once.
    public func attempt<Value: Sendable>(_ step: PlannedStep, target: any ContainerTarget, label: String? = nil,
                                         work: () throws -> StepWork<Value>) -> StepOutcome<Value> {
        attempt(step, targetName: target.name, label: label, work: work)
    }

    private func attempt<Value: Sendable>(_ step: PlannedStep, targetName: String, label: String?, settle: () -> Void = {},
                                          work: () throws -> StepWork<Value>) -> StepOutcome<Value> {
        let text = label ?? ScenarioSession.label(scenario: scenario.name, target: targetName, step: step)
        func fail(_ stage: String, _ message: String, _ error: (any Error)?, interrupted: Bool = false) -> StepOutcome<Value> {
            progress.note("\(text): " + (interrupted ? "interrupted" : "failed") + ": \(message)")
            recorder.failure(target: targetName, step: step, stage: stage, error: message, interrupted: interrupted)
            return interrupted ? .interrupted : .failed(stage: stage, message: message, error: error)
        }
        let prepared: StepWork<Value>
        do {
            prepared = try work()
        } catch {
            return fail("prepare", String(describing: error), error)
        }
        defer { prepared.cleanup() }
        settle()
        switch StepExecutor.execute(timeout: scenario.timeoutSeconds, stop: stop, abort: prepared.abort, prepared.run) {
        case .finished(.success(let value)):
            return .succeeded(value)
        case .finished(.failure(let error as StepFailure)):
            return fail(error.stage, error.message, error)
        case .finished(.failure(let error)):
            return fail("run", String(describing: error), error)
        case .timedOut:
            return fail("run", "timed out after \(String(format: "%g", scenario.timeoutSeconds)) s", nil)
        case .interrupted:
            return fail("run", "stopped by \(stop.reason ?? "a stop request")", nil, interrupted: true)
        }
    }

    /// Counts one progress step of a kind's own plan (`plannedSteps`) and shows `label`.
    public func announce(_ label: String) {
        run.stepStarted("\(scenario.name) \(label)")
    }

    /// The scenario's step plan (per sweep point, warm-ups then iterations, each round
    /// through every target), each step through `execute`; `record` gets the value of every
    /// measured step that succeeded. A kind with points of its own passes them as `points`,
    /// and `includes` leaves out the steps a target cannot take (a point it has no means
    /// for); `shuffleSeed` gives each round an order of its own (`StepPlan`). With
    /// `adaptive:`, a target whose `primary` values vary more than the policy allows gets
    /// further rounds (noted). Stops between steps when a stop is requested. In a kind that
    /// times its steps, each measured step first waits (bounded, outside its timed part)
    /// for the kernel's teardown of the steps before it (`StepSettle`, `SettleLog`). Points
    /// for which `group` gives the same name run side by side within each round
    /// (`StepPlan`'s `sideBySide`), in the place of the group's first point.
    public func runPlan<Value: Sendable>(points: [[String: String]]? = nil, shuffleSeed: UInt64? = nil,
                                         group: (([String: String]) -> String?)? = nil,
                                         includes: (PlannedStep, any ContainerTarget) -> Bool = { _, _ in true },
                                         work: (PlannedStep, any ContainerTarget) throws -> StepWork<Value>,
                                         primary: ((Value) -> Double?)? = nil,
                                         record: (Value, PlannedStep, any ContainerTarget) -> Void) {
        var settling = SettleLog(session: self)
        defer { settling.record() }
        for points in StepPlan.groups(points ?? scenario.sweepPoints, by: group) {
            var values: [String: [Double]] = [:]
            func perform(_ steps: [PlannedStep]) -> Bool {
                for step in steps {
                    if stop.isRequested { return false }
                    guard let target = targets.first(where: { $0.name == step.target }), includes(step, target),
                          let value = execute(step, targetName: target.name, settle: { if !step.warmup { settling.wait(before: target.name) } },
                                              work: { try work(step, target) }) else { continue }
                    guard !step.warmup else { continue }
                    if let measured = primary?(value) { values[target.name, default: []].append(measured) }
                    record(value, step, target)
                }
                return true
            }
            guard perform(StepPlan.steps(points: points, warmup: scenario.warmup, iterations: scenario.iterations,
                                         targets: targets.map(\.name), shuffleSeed: shuffleSeed, sideBySide: points.count > 1)) else { return }
            // Further rounds are per point: a group's values mix its points.
            guard points.count == 1, let point = points.first, let policy = scenario.adaptive, primary != nil else { continue }
            var rounds = scenario.iterations
            var before: [String: Double] = [:]
            var extra: [String: Int] = [:]
            func cv(_ name: String) -> Double { values[name].map(Statistics.coefficientOfVariation) ?? 0 }
            while rounds < policy.maxIterations {
                let noisy = targets.map(\.name).filter { cv($0) > policy.cv }
                if noisy.isEmpty { break }
                for name in noisy {
                    if before[name] == nil { before[name] = cv(name) }
                    extra[name, default: 0] += 1
                }
                run.planned(noisy.count)
                guard perform(noisy.map { PlannedStep(target: $0, point: point, iteration: rounds, warmup: false) }) else { return }
                rounds += 1
            }
            for (name, added) in extra.sorted(by: { $0.key < $1.key }) {
                let at = point.isEmpty ? "" : " at \(SeriesKey.label(point))"
                recorder.note(target: name, .warning, String(
                    format: "adaptive\(at): %d iterations instead of %d (cap %d): the cv was %.3g, above %.3g; %.3g after",
                    scenario.iterations + added, scenario.iterations, policy.maxIterations, before[name] ?? .nan, policy.cv, cv(name)))
            }
        }
    }

    /// A container step on `target`: prepared outside the timed part, `body` timed, the
    /// container removed afterwards and on abort.
    public func containerWork<Value: Sendable>(_ target: any ContainerTarget, workload: ContainerWorkload,
                                               _ body: @escaping @Sendable (PreparedContainer) throws -> Value) throws -> StepWork<Value> {
        let prepared = try target.prepare(workload, id: containerID())
        return StepWork(run: { try body(prepared) }, abort: { target.cleanup(prepared) }, cleanup: { target.cleanup(prepared) })
    }

    static func label(scenario: String, target: String, step: PlannedStep) -> String {
        "\(scenario) \(target) " + (step.warmup ? "warm-up" : "iteration") + " \(step.iteration + 1)"
            + (step.point.isEmpty ? "" : " [\(SeriesKey.label(step.point))]")
    }
}

/// What every scenario of one run shares: the progress count, the container counter, the
/// stop signal and the host's facts.
final class RunState {
    let progress: Progress
    let stop: StopSignal
    let host: HostFacts
    let probe: String?
    let perfCounters: Bool
    let runTag: String
    let teardownActivity: (any TeardownActivitySource)?
    private(set) var total = 0
    private var done = 0
    private var counter = 0
    private let clock = MonotonicClock.now()
    private let lock = NSLock()

    init(progress: Progress, stop: StopSignal, host: HostFacts, probe: String?, perfCounters: Bool, runTag: String,
         teardownActivity: (any TeardownActivitySource)? = nil) {
        self.teardownActivity = teardownActivity
        self.progress = progress
        self.stop = stop
        self.host = host
        self.probe = probe
        self.perfCounters = perfCounters
        self.runTag = runTag
    }

    /// Adds steps to the progress count (a kind's adaptive rounds).
    func planned(_ steps: Int) {
        lock.lock()
        total += steps
        lock.unlock()
    }

    func nextContainerID() -> String {
        lock.lock()
        defer { lock.unlock() }
        counter += 1
        return "cbench-\(runTag)-\(counter)"
    }

    func stepStarted(_ label: String) {
        lock.lock()
        let current = done
        done += 1
        lock.unlock()
        progress.step(done: current, total: max(total, current + 1), elapsed: Double(MonotonicClock.now() - clock) / 1e9, label: label)
    }
}
