import Results
import Targets

extension PerformanceKind {
    static let createToExit = MetricDefinition(
        name: "create-to-exit", unit: "ms", better: .lower,
        description: "from the start of the first phase to the end of the exit phase; a target without phases: its whole run")
    static let startUntilRunning = MetricDefinition(
        name: "start-until-running", unit: "ms", better: .lower,
        description: "from the start of create to the end of start (the container runs)")
    static let memoryPeak = MetricDefinition(
        name: "cgroup-memory-peak", unit: "MB", better: .lower,
        description: "the peak memory use of the container's cgroup, where the hierarchy keeps one")
    static let hostMemAvailable = MetricDefinition(
        name: "host-mem-available", unit: "MB", better: .lower, description: "MemAvailable of the host before the step")

    static func phase(_ name: String) -> MetricDefinition {
        MetricDefinition(name: "phase:\(name)", unit: "ms", better: .lower, description: "the target's \(name) phase")
    }

    static func perf(_ metric: String) -> MetricDefinition {
        MetricDefinition(name: "perf:\(metric)", unit: PerfCounters.unit(of: metric), better: .lower,
                         description: "perf counter \(metric) of the runner thread and every process it started during the step")
    }

    /// Files the samples of one measured step under the metrics the scenario asked for.
    func record(_ sample: Sample, point: [String: String], target: String, recorder: ScenarioRecorder) {
        func add(_ metric: MetricDefinition, _ value: Double?) {
            guard let value else { return }
            recorder.sample(metric, target: target, parameters: point, value: value)
        }
        let run = sample.run
        let wanted = Set(metrics)
        if wanted.contains("create-to-exit") {
            // A one-shot CLI (`docker run`) exposes no create and exit phases: its whole run counts.
            switch workload.mode {
            case .run:
                add(Self.createToExit, run.milliseconds(from: "create", to: "exit") ?? run.totalMilliseconds)
            case .startUntilRunning:
                add(Self.startUntilRunning, run.milliseconds(from: "create", to: run.phase("start") == nil ? "create" : "start"))
            }
        }
        if wanted.contains("phases") {
            // A zero-length phase marks a moment (when a one-shot command was issued), not a phase.
            for phase in run.phases where phase.end != phase.start { add(Self.phase(phase.name), phase.milliseconds) }
        }
        if wanted.contains("memory-peak") {
            add(Self.memoryPeak, run.memoryPeakBytes.map { Double($0) / 1_048_576 })
        }
        if wanted.contains("host-mem-available") {
            add(Self.hostMemAvailable, sample.memAvailableBytes.map { Double($0) / 1_048_576 })
        }
        if wanted.contains("perf") {
            for (metric, value) in sample.perf.sorted(by: { $0.key < $1.key }) { add(Self.perf(metric), value) }
            for (metric, reason) in sample.perfUnsupported { recorder.version("perf:\(metric)", "unsupported: \(reason)") }
        }
    }
}
