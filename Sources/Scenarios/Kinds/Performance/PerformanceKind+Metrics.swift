import Results
import Targets

extension PerformanceKind {
    /// The memory cgroup charges in batches of 64 pages, so a peak moves in steps of 256 KiB.
    static let memoryPeakResolution = 0.25

    static let memoryPeak = MetricDefinition(
        name: "cgroup-memory-peak", unit: "MB", better: .lower,
        description: "the peak memory use of the container's cgroup (max_usage_in_bytes or memory.peak), where the hierarchy keeps one",
        resolution: memoryPeakResolution)

    static func phase(_ name: String) -> MetricDefinition {
        MetricDefinition(name: "phase:\(name)", unit: "ms", better: .lower,
                         description: "the target's \(name) phase; a target without that phase has no value")
    }

    /// A perf counter of the step: the runtime's whole cost, daemons included where the
    /// target has them; `coverage` says what it covered for the target.
    static func perf(_ metric: String, target: String, coverage: String) -> MetricDefinition {
        MetricDefinition(name: "perf:\(metric)", unit: PerfEvent.unit(of: metric), better: .lower,
                         description: "perf counter \(metric) of everything the step ran, daemons included (coverage per target)",
                         coverage: [target: coverage])
    }

    /// The headline latency of the mode, with what it covers for each target.
    func primaryMetric(coverage targets: [String]) -> MetricDefinition {
        var coverage: [String: String] = [:]
        switch workload.mode {
        case .run:
            for target in targets { coverage[target] = MeasurementCoverage.run(target) }
            return MetricDefinition(name: "create-to-exit", unit: "ms", better: .lower,
                                    description: "from the start of the first phase to the end of the last (the container deleted)", coverage: coverage)
        case .startUntilRunning:
            for target in targets { coverage[target] = MeasurementCoverage.startUntilRunning(target) }
            return MetricDefinition(name: "start-until-running", unit: "ms", better: .lower,
                                    description: "from the start of create to the end of start (the container runs)", coverage: coverage)
        case .bootRunHalt:
            for target in targets { coverage[target] = MeasurementCoverage.bootRunHalt(target) }
            return MetricDefinition(name: "boot-run-halt", unit: "ms", better: .lower,
                                    description: "from the start of the boot to the end of the halt", coverage: coverage)
        }
    }

    /// The headline latency of one run (nil when the target exposed no phase for it).
    func primaryValue(_ run: ContainerRun) -> Double? {
        switch workload.mode {
        case .run:
            // A one-shot CLI (`docker run`) has no exit phase: its whole command counts.
            return run.milliseconds(from: "create", to: "exit") ?? run.totalMilliseconds
        case .startUntilRunning:
            return run.milliseconds(from: "create", to: run.phase("start") == nil ? "create" : "start")
        case .bootRunHalt:
            return run.milliseconds(from: "boot", to: "halt")
        }
    }

    /// Files the samples of one measured step under the metrics the scenario asked for.
    func record(_ sample: Sample, point: [String: String], target: String, primary: MetricDefinition, recorder: ScenarioRecorder) {
        func add(_ metric: MetricDefinition, _ value: Double?) {
            guard let value else { return }
            recorder.sample(metric, target: target, parameters: point, value: value)
        }
        let run = sample.run
        let wanted = Set(metrics)
        if wanted.contains("create-to-exit") { add(primary, primaryValue(run)) }
        if wanted.contains("phases") {
            // A zero-length phase marks a moment (when a one-shot command was issued), not a phase.
            for phase in run.phases where phase.end != phase.start { add(Self.phase(phase.name), phase.milliseconds) }
        }
        if wanted.contains("memory-peak") {
            add(Self.memoryPeak, run.memoryPeakBytes.map { Double($0) / 1_048_576 })
        }
        if wanted.contains("perf") {
            for (metric, value) in sample.perf.sorted(by: { $0.key < $1.key }) {
                add(Self.perf(metric, target: target, coverage: sample.perfCoverage), value)
            }
            for (metric, reason) in sample.perfUnsupported { recorder.version("perf:\(metric)", "unsupported: \(reason)") }
        }
    }
}
