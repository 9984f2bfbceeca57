import NamespaceCore
import Results
import Targets

/// The harness's own cost, measured before the timed scenarios of every run: steps on the
/// no-op target through the very machinery every other step uses. `step` is one whole step
/// (its thread, the timeout and Ctrl-C watch, prepare, run, cleanup, recording); `timed-part`
/// is what a measured span holds when the target does nothing. Not a file kind: the runner
/// adds it.
struct HarnessKind: ScenarioKind {
    static let name = "harness"
    static let keys: Set<String> = []
    static let scenarioName = "harness"
    static let iterations = 20

    static let step = MetricDefinition(
        name: "step", unit: "ms", better: .lower,
        description: "one whole step on the no-op target, as the runner takes every step",
        coverage: ["noop": "the step's thread, the timeout and Ctrl-C watch, prepare, run, cleanup and recording"])
    static let timedPart = MetricDefinition(
        name: "timed-part", unit: "ms", better: .lower, description: "the measured span of a step whose target does nothing",
        coverage: ["noop": MeasurementCoverage.run(NoopTarget.targetName)])

    init(fields: ScenarioFields) throws {}
    init() {}

    var requirement: TargetRequirement { .operations([.run]) }

    static func scenario() -> Scenario {
        Scenario(name: scenarioName, kind: HarnessKind(), description: "the harness's own cost per step", warmup: 2, iterations: iterations)
    }

    func run(_ session: ScenarioSession) throws {
        let workload = ContainerWorkload(args: ["true"], rootfs: "/")
        for step in StepPlan.steps(for: session.scenario, targets: session.targets.map(\.name)) {
            if session.stop.isRequested { return }
            guard let target = session.targets.first(where: { $0.name == step.target }) else { continue }
            let started = MonotonicClock.now()
            let run = session.execute(step, target: target) {
                try session.containerWork(target, workload: workload) { try target.run($0) }
            }
            let whole = Double(MonotonicClock.now() - started) / 1_000_000
            guard let run, !step.warmup else { continue }
            session.recorder.sample(Self.step, target: target.name, value: whole)
            if let timed = run.totalMilliseconds { session.recorder.sample(Self.timedPart, target: target.name, value: timed) }
        }
    }
}
