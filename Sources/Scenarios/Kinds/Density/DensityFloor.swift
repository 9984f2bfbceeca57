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
    /// Each step, over the starts in which it ran.
    var steps: [KernelFloorStep: Percentiles]

    init(containers: Int, starts: [KernelFloorStart]) {
        self.containers = containers
        self.starts = starts.count
        let failures = starts.compactMap(\.failure)
        failed = failures.count
        firstFailure = failures.first
        total = Percentiles(starts.compactMap(\.totalMilliseconds))
        var steps: [KernelFloorStep: Percentiles] = [:]
        for step in KernelFloorStep.allCases {
            steps[step] = Percentiles(starts.compactMap { $0.steps[step] })
        }
        self.steps = steps
    }
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
        ["target", "containers", "starts", "failed", "whole p50 ms", "whole p90 ms"]
            + KernelFloorStep.allCases.flatMap { ["\($0.rawValue) p50 ms", "\($0.rawValue) p90 ms"] } + ["first failure"]
    }

    /// One row of the `kernel floor` table.
    func kernelFloor(_ floor: DensityFloorCheckpoint, target: String) {
        var row: [ResultValue] = [.text(target), .number(Double(floor.containers)), .number(Double(floor.starts)),
                                  .number(Double(floor.failed)), Self.number(floor.total?.p50), Self.number(floor.total?.p90)]
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
                + "proc and sysfs mounted, exit and reap, rmdir; CLOCK_MONOTONIC per step. Nothing stays: the count does not move.")
        func point(_ name: String, _ y: Double?) {
            guard let y else { return }
            session.recorder.point(SeriesPoint(x: Double(floor.containers), y: y),
                                   series: ResultSeries(scenario: "", name: name, target: target, xLabel: "containers running",
                                                        yLabel: "bare start with no runtime", yUnit: "ms"))
        }
        point("kernel floor p50", floor.total?.p50)
        point("kernel floor p90", floor.total?.p90)
    }

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
