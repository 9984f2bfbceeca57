import Results

/// The ratios of one overhead scenario, computed once and rendered as tables, goals and plots.
struct OverheadTable {
    struct Row {
        var point: [String: String]
        var metric: String
        var unit: String
        var better: BetterDirection
        var target: String
        var n: Int
        var hostN: Int
        var median: Double
        var hostMedian: Double
        var estimate: RatioEstimate
        /// Whether `estimate` pairs the target's rounds with the host's (`PairedRatio`);
        /// else it divides the two medians.
        var paired: Bool
    }

    let input: ReportSectionInput
    let scenario: ScenarioEntry
    private(set) var rows: [Row] = []
    /// The workload's own CPU time (its cgroup's task-clock) against the host's, shown beside
    /// the results timed by the clock on the wall: where the wall time grew and the CPU time
    /// did not, the workload waited (for a CPU, on a busy host) rather than worked more. Not
    /// judged and not in the goals: the verdict stays on the workload's own result.
    private(set) var cpuTimeRows: [Row] = []
    static let cpuTimeCounter = "counter task-clock"
    /// The points (workloads) in the order they ran.
    private(set) var points: [[String: String]] = []

    init(input: ReportSectionInput, scenario: ScenarioEntry) {
        self.input = input
        self.scenario = scenario
        let measurements = input.measurements(of: scenario.name)
        for measurement in measurements where !points.contains(measurement.parameters) { points.append(measurement.parameters) }
        for measurement in measurements where measurement.target != OverheadSection.baseline {
            let cpuTime = measurement.metric == Self.cpuTimeCounter
            guard cpuTime || !measurement.metric.hasPrefix("counter ") else { continue }
            guard let host = measurements.first(where: {
                $0.target == OverheadSection.baseline && $0.metric == measurement.metric && $0.parameters == measurement.parameters
            }) else { continue }
            let pairable = PairedRatio.pairable(target: measurement.target, host: host.target, scenario: scenario.name,
                                                parameters: measurement.parameters, counts: (measurement.samples.count, host.samples.count),
                                                failures: input.document.failures)
            let paired = pairable ? PairedRatio.estimate(measurement.samples, host.samples) : nil
            guard let estimate = paired ?? Statistics.ratioOfMedians(measurement.samples, host.samples) else { continue }
            let definition = scenario.metric(measurement.metric)
            let row = Row(point: measurement.parameters, metric: measurement.metric, unit: measurement.unit,
                          better: definition?.better ?? .lower, target: measurement.target, n: measurement.samples.count,
                          hostN: host.samples.count,
                          median: Statistics.median(measurement.samples), hostMedian: Statistics.median(host.samples),
                          estimate: estimate, paired: paired != nil)
            if cpuTime { cpuTimeRows.append(row) } else { rows.append(row) }
        }
    }

    /// Fewer runs than this on either side give a bootstrap interval too narrow to judge by
    /// (one run gives a single point): no verdict then.
    static let minimumRuns = 3

    static func verdict(_ row: Row) -> String {
        guard row.n >= minimumRuns, row.hostN >= minimumRuns else {
            return "no verdict: fewer than \(minimumRuns) runs"
        }
        if row.estimate.containsOne { return OverheadSection.verdictNone }
        let change = Formatting.change(abs(row.estimate.ratio - 1)).dropFirst()
        return isWorse(row) ? "overhead: \(change) worse" : "\(change) better than the host"
    }

    /// Whether the target did worse than the host, by the metric's direction.
    static func isWorse(_ row: Row) -> Bool {
        row.better == .higher ? row.estimate.ratio < 1 : row.estimate.ratio > 1
    }

    /// A judged result whose interval lies wholly on the worse side of 1.
    static func hasOverhead(_ row: Row) -> Bool {
        row.n >= minimumRuns && row.hostN >= minimumRuns && !row.estimate.containsOne && isWorse(row)
    }

    static func interval(_ estimate: RatioEstimate) -> String {
        "\(Formatting.ratio(estimate.low)) – \(Formatting.ratio(estimate.high))"
    }

    func row(_ target: String, _ metric: String, _ point: [String: String]) -> Row? {
        rows.first { $0.target == target && $0.metric == metric && $0.point == point }
    }

    /// Per workload: the ratio table (with each target's CPU time beside results that are
    /// times), then its counters.
    func workloadBlocks() -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        for point in points {
            let pointRows = rows.filter { $0.point == point }
            guard !pointRows.isEmpty else { continue }
            // A time (lower is better) is read off the wall clock; a throughput is not beside a CPU time.
            let cpuTime = pointRows.contains { $0.better == .lower } ? cpuTimeRows.filter { $0.point == point } : []
            blocks.append(.heading(SeriesKey.label(point)))
            if point["workload"] == "fio", point["storage"] == "root",
               pointRows.contains(where: { $0.target == Self.ownOverlay || Self.podmanOverlays.contains($0.target) }) {
                blocks.append(.paragraph(Self.volatileRootNote))
            }
            if !cpuTime.isEmpty {
                blocks.append(.paragraph("The results are times on the wall clock. Beside them, each target's CPU time: the "
                    + "task-clock of the workload's own cgroup against the host's, paired by round the same way. Where the wall time "
                    + "grew and the CPU time did not, the workload waited (for a CPU, on a busy host) rather than worked more. "
                    + "The CPU time is not judged; the verdict is the result's."))
            }
            blocks.append(.table(header: ["metric", "target", "n", "median", "host median", "ratio", "95% interval", "compared", "verdict"],
                                 rows: pointRows.map { row in
                Self.cells(row, metric: row.metric, verdict: Self.verdict(row))
            } + cpuTime.map { row in
                Self.cells(row, metric: "CPU time, task-clock", verdict: "not judged: the workload's CPU time")
            }))
            blocks += counterBlocks(point)
        }
        return blocks
    }

    /// Why the buffered writes on cbench app's and podman's roots beat the host, and why the
    /// two differ from run to run: beside the fio table of the root.
    static let volatileRootNote = "cbench app and podman mount a --rm container's root overlay volatile (the notes name each "
        + "target's root): a buffered write's closing fsync does nothing there, so seq-write-buffered and rand-write-buffered "
        + "time only the copy into the page cache and come out several times the host's, whose fsync reaches the disk. "
        + "That copy is the same work on both roots (the same overlay options on the same file system, cgroups without "
        + "limits; README, Overhead), and it varies from job to job by itself, in every container alike: a difference "
        + "between the two roots in one run of few rounds is that spread, and it has come out either way."

    static func cells(_ row: Row, metric: String, verdict: String) -> [String] {
        [metric + " (\(row.unit))", row.target, String(row.n), Formatting.number(row.median),
         Formatting.number(row.hostMedian), Formatting.ratio(row.estimate.ratio), interval(row.estimate),
         row.paired ? "by round" : "medians", verdict]
    }

    /// Medians of the counters of the workload's own run, host included.
    func counterBlocks(_ point: [String: String]) -> [ReportBlock] {
        let counters = input.measurements(of: scenario.name).filter { $0.metric.hasPrefix("counter ") && $0.parameters == point }
        guard !counters.isEmpty else { return [] }
        let metrics = counters.map(\.metric).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let targets = counters.map(\.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let table: [[String]] = targets.map { target in
            [target] + metrics.map { metric in
                counters.first { $0.target == target && $0.metric == metric }.map { Formatting.number(Statistics.median($0.samples)) } ?? "–"
            }
        }
        let header = ["target"] + metrics.map { $0.replacingOccurrences(of: "counter ", with: "") + ($0.hasSuffix("task-clock") ? " (ms)" : "") }
        return [.paragraph("Perf counters of the workload alone (medians), from its gate to its exit: its cgroup, or its process tree "
                           + "where it has no cgroup of its own (the scenario's coverage per target says which)."),
                .table(header: header, rows: table)]
    }

    /// What a target's default filter adds to a call: median with it minus median without.
    func filterCostBlocks() -> [ReportBlock] {
        let withFilter = ["workload": "syscalls", "filter": "default"]
        let measurements = input.measurements(of: scenario.name)
        let calls = measurements.filter { $0.parameters == withFilter && $0.metric.hasPrefix("syscall ") }
            .map(\.metric).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !calls.isEmpty else { return [] }
        var table: [[String]] = []
        for target in measurements.map(\.target).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            let costs = calls.map { call in filterCost(target: target, call: call).map { Formatting.number($0) } ?? "–" }
            table.append([target] + costs)
        }
        return [.heading("What each default seccomp filter costs a call"),
                .paragraph("ns per call with the target's default filter minus without any filter (same target): the two run "
                           + "side by side in each round, and this is the median of the rounds' differences (the difference of the "
                           + "medians where a round lacks one), less the host's own change between the two (the host row: what the "
                           + "host, with no filter in either, shows alone). "
                           + "The kernel skips the filter program for a call its action cache knows is always allowed whatever "
                           + "the arguments (getpid, stat under every filter here); personality's rule checks its argument in "
                           + "Docker's allowlist, so the program runs for it. The cache does not skip the entry path every call "
                           + "of a thread under any filter takes (the arguments gathered, the cache looked up), so even a call "
                           + "the cache answers costs some tens of ns more than with no filter, under LXC's own filter too."),
                .table(header: ["target"] + calls.map { $0.replacingOccurrences(of: "syscall ", with: "") + " (ns)" }, rows: table)]
    }

    /// The target's change between the two points, less the host's: the host, with no filter
    /// in either, changes only by the machine's drift between them. For the host itself, that
    /// drift.
    func filterCost(target: String, call: String) -> Double? {
        guard let own = filterChange(target, call)?.median else { return nil }
        if target == OverheadSection.baseline { return own }
        return filterChange(OverheadSection.baseline, call).map { own - $0.median }
    }

    /// With the default filter minus without one, of one target: the median of each round's
    /// difference where every round has both (they run side by side), else the difference of
    /// the medians. The rounds come back too, for the intervals that judge a goal.
    func filterChange(_ target: String, _ call: String) -> (median: Double, rounds: [Double]?)? {
        if let rounds = roundChanges(target, call) { return (Statistics.median(rounds), rounds) }
        let measurements = input.measurements(of: scenario.name, metric: call)
        guard let with = measurements.first(where: { $0.target == target && $0.parameters["filter"] == "default" }),
              let without = measurements.first(where: { $0.target == target && $0.parameters["filter"] == "none" }) else { return nil }
        return (Statistics.median(with.samples) - Statistics.median(without.samples), nil)
    }
}
