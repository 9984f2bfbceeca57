import Results
import Targets

/// `kind: performance`: timed samples of a container workload on every target: its
/// create-to-exit (start-until-running, boot-run-halt) latency, each phase the target
/// exposes, the cgroup's memory peak and perf counters.
public struct PerformanceKind: ScenarioKind {
    public static let name = "performance"
    public static let keys = WorkloadSpec.keys.union(["metrics"])
    /// The metrics recorded when the file names none.
    public static let defaultMetrics = ["create-to-exit", "phases", "memory-peak", "perf"]
    public static let knownMetrics = defaultMetrics

    public var workload: WorkloadSpec
    public var metrics: [String]

    public init(workload: WorkloadSpec, metrics: [String] = PerformanceKind.defaultMetrics) {
        self.workload = workload
        self.metrics = metrics
    }

    public init(fields: ScenarioFields) throws {
        workload = try WorkloadSpec(fields: fields)
        if let names = try fields.strings("metrics"), names.contains("host-mem-available") {
            throw fields.error("metrics", "host-mem-available is gone: it is a host-wide number, the same for every target (density scenarios measure the drop the containers cause)")
        }
        metrics = try fields.names("metrics", known: Self.knownMetrics, what: "metric") ?? Self.defaultMetrics
    }

    public var requirement: TargetRequirement { workload.requirement }

    /// What one step measured.
    struct Sample: Sendable {
        var run: ContainerRun
        var perf: [String: Double]
        var perfUnsupported: [String: String]
        /// What the perf counters covered (`RuntimeCost`).
        var perfCoverage: String
    }

    public func run(_ session: ScenarioSession) throws {
        let workload = self.workload
        let wantsPerf = session.perfCounters && metrics.contains("perf")
        let primary = primaryMetric(coverage: session.targets.map(\.name))
        if metrics.contains("create-to-exit") { session.recorder.define(primary) }
        session.runPlan(work: { step, target in
            try session.containerWork(target, workload: workload.workload(at: step.point, probe: session.probe)) { prepared in
                let counters = wantsPerf ? PerfCounterSet(scopes: RuntimeCost.scopes(target, prepared)) : nil
                let run = try workload.execute(on: target, prepared)
                let perf = counters?.read() ?? [:]
                let unsupported = counters?.unsupported ?? [:]
                counters?.close()
                return Sample(run: run, perf: perf, perfUnsupported: unsupported,
                              perfCoverage: RuntimeCost.coverage(target, prepared))
            }
        }, primary: { primaryValue($0.run) }, record: { sample, step, target in
            session.progress.detail("  \(target.name): " + sample.run.phases.map { "\($0.name) \(String(format: "%.2f", $0.milliseconds)) ms" }.joined(separator: ", "))
            record(sample, point: step.point, target: target.name, primary: primary, recorder: session.recorder)
        })
    }
}
