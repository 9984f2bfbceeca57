import Foundation
import Results
import Targets

/// Files what a density scenario measures: raw start and teardown latencies as samples, the
/// checkpoints, limits and per-target summary as tables, the curves as series, and the stop
/// reason of each ramp as a note. The report's density section renders them.
struct DensityRecording: Sendable {
    let session: ScenarioSession
    let kind: DensityKind

    static let start = "start"
    static let parallelStart = "parallel-start"
    static let teardown = "teardown"

    static let checkpointColumns = [
        "target", "containers", "elapsed s", "MemAvailable drop MB", "MB per container", "marginal MB per container",
        "containers' cgroups MB", "Slab change MB", "SUnreclaim change MB", "kernel stacks and page tables change MB",
        "kernel change MB",
        "per-container helpers", "helpers RSS MB", "helpers PSS MB", "shared daemons RSS MB", "tasks", "open files",
        "start p50 ms", "start p90 ms",
    ]
    static let summaryColumns = [
        "target", "max containers", "stopped by", "MB per container", "marginal MB per container", "kernel MB per container",
        "cgroup MB per container",
        "helper RSS MB per container", "helper PSS MB per container", "p50 ms at 10", "p90 ms at 10", "p50 ms at 100",
        "p90 ms at 100", "p50 ms at max", "p90 ms at max", "p90 at max / p90 at 100", "teardown ms per container",
        "teardown total s", "MemAvailable after teardown MB", "settled after s", "leftovers", "seccomp filter",
    ]

    func defineMetrics() {
        var coverage: [String: String] = [:]
        for target in session.targets { coverage[target.name] = MeasurementCoverage.idleStart(target.name) }
        let what = kind.container.kind.isSystem ? "until booted (the readiness marker its init writes)" : "until it runs"
        session.recorder.define(MetricDefinition(
            name: Self.start, unit: "ms", better: .lower,
            description: "start of one idle \(kind.container.kind.rawValue) container \(what), in ramp order", coverage: coverage))
        session.recorder.define(MetricDefinition(
            name: Self.parallelStart, unit: "ms", better: .lower,
            description: "start of one container while `workers` workers start \(kind.parallelContainers) at once", coverage: coverage))
        session.recorder.define(MetricDefinition(
            name: Self.teardown, unit: "ms", better: .lower, description: "stop and delete of one container at the end of the ramp, newest first"))
    }

    func recordLimits(_ limits: [HostLimit]) {
        session.recorder.table(
            "limits", title: "Host limits a density run can meet", columns: ["limit", "value", "kind"],
            rows: limits.map { [.text($0.name), .text($0.value), .text($0.source.rawValue)] },
            note: "sysctls from /proc/sys, rlimits of the runner (soft/hard), pids.max of the runner's own pids cgroup.")
    }

    func start(_ milliseconds: Double, target: String) {
        session.recorder.sample(MetricDefinition(name: Self.start, unit: "ms", better: .lower), target: target, value: milliseconds)
    }

    func parallelStart(_ milliseconds: Double, workers: Int, target: String) {
        session.recorder.sample(MetricDefinition(name: Self.parallelStart, unit: "ms", better: .lower), target: target,
                                parameters: ["workers": String(workers)], value: milliseconds)
    }

    func rate(_ perSecond: Double, workers: Int, target: String) {
        session.recorder.point(SeriesPoint(x: Double(workers), y: perSecond),
                               series: ResultSeries(scenario: "", name: "containers per second", target: target,
                                                    xLabel: "workers", yLabel: "containers started per second", yUnit: "1/s"))
    }

    static func megabytes(_ bytes: Double) -> Double { bytes / 1_048_576 }

    static func drop(_ snapshot: HostSnapshot, from baseline: HostSnapshot) -> Double {
        Double(baseline.memAvailable) - Double(snapshot.memAvailable)
    }

    func checkpoint(_ reading: DensityCheckpoint, baseline: HostSnapshot, previous: DensityCheckpoint?, target: String) {
        let snapshot = reading.snapshot
        let count = Double(reading.containers)
        let drop = Self.drop(snapshot, from: baseline)
        let marginal = previous.map { previous -> Double in
            (drop - Self.drop(previous.snapshot, from: baseline)) / Double(reading.containers - previous.containers)
        } ?? drop / count
        func change(_ value: (HostSnapshot) -> UInt64) -> ResultValue {
            .number(Self.megabytes(Double(value(snapshot)) - Double(value(baseline))))
        }
        let row: [ResultValue] = [
            .text(target), .number(count), .number(reading.elapsedSeconds), .number(Self.megabytes(drop)),
            .number(Self.megabytes(drop / count)), .number(Self.megabytes(marginal)),
            snapshot.cgroupMemory.map { .number(Self.megabytes(Double($0))) } ?? .text("–"),
            change(\.slab), change(\.sUnreclaim), change { $0.kernelStack + $0.pageTables }, change(\.kernelBytes),
            .number(Double(snapshot.helpers.count)), .number(Self.megabytes(Double(snapshot.helpers.rssBytes))),
            .number(Self.megabytes(Double(snapshot.helpers.pssBytes))), .number(Self.megabytes(Double(snapshot.sharedDaemons.rssBytes))),
            .number(Double(snapshot.tasks)), .number(Double(snapshot.openFiles)),
            reading.bucketP50.map(ResultValue.number) ?? .text("–"), reading.bucketP90.map(ResultValue.number) ?? .text("–"),
        ]
        session.recorder.table(
            "checkpoints", title: "Density checkpoints", columns: Self.checkpointColumns, rows: [row],
            note: "MemAvailable drop since before the ramp; per container = drop / containers; marginal = change in the drop "
                + "since the previous checkpoint / containers added. Kernel: Slab, stacks, page tables and per-CPU memory. Helpers: the per-container host processes the target keeps "
                + "(RSS and PSS from smaps_rollup). Start percentiles of the containers since the previous checkpoint.")
        func point(_ name: String, _ label: String, _ unit: String, _ y: Double?) {
            guard let y else { return }
            session.recorder.point(SeriesPoint(x: count, y: y),
                                   series: ResultSeries(scenario: "", name: name, target: target, xLabel: "containers running",
                                                        yLabel: label, yUnit: unit))
        }
        point("start latency p50", "start latency p50 of the bucket", "ms", reading.bucketP50)
        point("start latency p90", "start latency p90 of the bucket", "ms", reading.bucketP90)
        point("MB per container", "MemAvailable drop per container", "MB", Self.megabytes(drop / count))
    }
}
