import NamespaceCore
import Results

/// The kernel floor at one checkpoint of a ramp: bare starts with no runtime
/// (`KernelFloorProbe`), made while the ramp's containers run, so they pay what the kernel
/// makes every start pay at that count.
struct DensityFloorCheckpoint: Sendable, Equatable {
    struct Percentiles: Sendable, Equatable {
        var p50: Double
        var p90: Double

        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            p50 = Statistics.percentile(values, 0.5)
            p90 = Statistics.percentile(values, 0.9)
        }
    }

    var containers: Int
    var starts: Int
    var failed: Int
    var firstFailure: String?
    /// The whole start, over the starts that did not fail.
    var total: Percentiles?
    /// The whole of each start that did not fail, in order: the raw samples.
    var totals: [Double]
    /// The part a runtime's start latency holds (cgroups made to sysfs mounted; no exit, reap or
    /// rmdir), per start that did not fail, and its percentiles.
    var startParts: [Double]
    var startPart: Percentiles?
    /// Each step, over the starts in which it ran.
    var steps: [KernelFloorStep: Percentiles]

    init(containers: Int, starts: [KernelFloorStart]) {
        self.containers = containers
        self.starts = starts.count
        let failures = starts.compactMap(\.failure)
        failed = failures.count
        firstFailure = failures.first
        totals = starts.compactMap(\.totalMilliseconds)
        total = Percentiles(totals)
        startParts = starts.filter { $0.failure == nil }.map { start in
            KernelFloorStep.allCases.filter(\.isStartPart).compactMap { start.steps[$0] }.reduce(0, +)
        }
        startPart = Percentiles(startParts)
        var steps: [KernelFloorStep: Percentiles] = [:]
        for step in KernelFloorStep.allCases {
            steps[step] = Percentiles(starts.compactMap { $0.steps[step] })
        }
        self.steps = steps
    }
}

extension KernelFloorStep {
    /// Whether a runtime's start latency holds the step: not the exit, reap and rmdir that
    /// end a bare start.
    var isStartPart: Bool { self != .exitAndReap && self != .cgroupRmdir }
}

/// What the floor says of a ramp: its p90 at the checkpoint 100 and at the ramp's last one,
/// and whether its growth alone would break a goal of `goalRatio` times the target's p90 at
/// 100 (the growth over `goalRatio - 1` of that p90: above 1, no runtime here could meet it).
struct DensityFloorVerdict: Sendable, Equatable {
    var p90AtHundred: Double?
    var p90AtMax: Double?

    init(_ floor: [DensityFloorCheckpoint]) {
        p90AtHundred = floor.first { $0.containers == 100 }?.total?.p90
        p90AtMax = floor.last?.total?.p90
    }

    var ratio: Double? { p90AtHundred.flatMap { hundred in p90AtMax.map { $0 / hundred } } }
    var growth: Double? { p90AtHundred.flatMap { hundred in p90AtMax.map { $0 - hundred } } }

    /// The floor's growth in units of what the goal allows a target whose p90 at 100 is
    /// `targetP90AtHundred` to grow: `(goalRatio - 1) × targetP90AtHundred`.
    func growthShare(ofAllowance targetP90AtHundred: Double?, goalRatio: Double = 1.5) -> Double? {
        guard let growth, let target = targetP90AtHundred, target > 0, goalRatio > 1 else { return nil }
        return growth / ((goalRatio - 1) * target)
    }
}

extension DensityRecording {
    static var floorColumns: [String] {
        ["target", "containers", "starts", "failed", "whole p50 ms", "whole p90 ms", "start part p50 ms", "start part p90 ms"]
            + KernelFloorStep.allCases.flatMap { ["\($0.rawValue) p50 ms", "\($0.rawValue) p90 ms"] } + ["first failure"]
    }

    /// One row of the `kernel floor` table.
    func kernelFloor(_ floor: DensityFloorCheckpoint, target: String) {
        var row: [ResultValue] = [.text(target), .number(Double(floor.containers)), .number(Double(floor.starts)),
                                  .number(Double(floor.failed)), Self.number(floor.total?.p50), Self.number(floor.total?.p90),
                                  Self.number(floor.startPart?.p50), Self.number(floor.startPart?.p90)]
        for step in KernelFloorStep.allCases {
            row += [Self.number(floor.steps[step]?.p50), Self.number(floor.steps[step]?.p90)]
        }
        row.append(.text(floor.firstFailure ?? "–"))
        session.recorder.table(
            "kernel floor", title: "The kernel floor: bare starts with no runtime at each checkpoint", columns: Self.floorColumns,
            rows: [row],
            note: "At each checkpoint, with the ramp's containers running, bare starts one after another by a C helper (no runtime, "
                + "no Swift between clone and exit): mkdir of a memory and a pids cgroup, clone with new mount, pid, net, ipc and uts "
                + "namespaces, joining the cgroups and a new cgroup namespace, a tmpfs root, pivot_root and detaching the old root, "
                + "proc and sysfs mounted, exit and reap, rmdir; CLOCK_MONOTONIC per step. Start part: mkdir to sysfs, what a "
                + "runtime's start latency holds (no exit, reap or rmdir). Nothing stays: the count does not move. Raw samples: "
                + "the metric kernel-floor (whole) and kernel-floor-start (start part), by containers.")
        let parameters = ["containers": String(floor.containers)]
        for (metric, values) in [(Self.kernelFloorMetric, floor.totals), (Self.kernelFloorStartMetric, floor.startParts)] {
            for value in values {
                session.recorder.sample(MetricDefinition(name: metric, unit: "ms", better: .lower), target: target,
                                        parameters: parameters, value: value)
            }
        }
        func point(_ name: String, _ y: Double?) {
            guard let y else { return }
            session.recorder.point(SeriesPoint(x: Double(floor.containers), y: y),
                                   series: ResultSeries(scenario: "", name: name, target: target, xLabel: "containers running",
                                                        yLabel: "bare start with no runtime", yUnit: "ms"))
        }
        point("kernel floor p50", floor.total?.p50)
        point("kernel floor p90", floor.total?.p90)
    }

    static let kernelFloorMetric = "kernel-floor"
    static let kernelFloorStartMetric = "kernel-floor-start"

    static let floorSummaryColumns = [
        "kernel floor p90 ms at 100", "kernel floor p90 ms at max", "kernel floor p90 max / 100",
        "kernel floor p90 growth ms", "kernel floor growth / goal's allowance",
    ]

    static func floorSummary(_ floor: [DensityFloorCheckpoint], targetP90AtHundred: Double?) -> [ResultValue] {
        let verdict = DensityFloorVerdict(floor)
        return [number(verdict.p90AtHundred), number(verdict.p90AtMax), number(verdict.ratio), number(verdict.growth),
                number(verdict.growthShare(ofAllowance: targetP90AtHundred))]
    }
}
