import Results

extension OverheadTable {
    /// cbench's own modes, whose goals the section checks.
    static let ownModes = ["cbench-system", "cbench-app", "cbench-app-lib"]
    static let ownOverlay = "cbench-app"
    static let dockerOnRunc = "docker"
    static let podmanOverlays = ["podman-crun", "podman-runc"]

    /// The project's goals, each judged from the rows above: met, missed (with what), or not
    /// measured in this run.
    func goalBlocks() -> [ReportBlock] {
        var lines: [String] = []
        // 1. No measurable overhead on cpu and memory for our modes.
        let cpuAndMemory = rows.filter { Self.ownModes.contains($0.target) && ["cpu", "memory"].contains($0.point["workload"] ?? "") }
        if cpuAndMemory.isEmpty {
            lines.append("cpu and memory of cbench's modes: not measured in this run.")
        } else {
            let missed = cpuAndMemory.filter(Self.hasOverhead)
            let unjudged = cpuAndMemory.filter { $0.n < Self.minimumRuns || $0.hostN < Self.minimumRuns }
            lines.append("cpu and memory of cbench's modes (\(Set(cpuAndMemory.map(\.target)).sorted().joined(separator: ", "))): "
                + (!unjudged.isEmpty && missed.isEmpty ? "not judged: fewer than \(Self.minimumRuns) runs."
                   : missed.isEmpty ? "met: no measurable overhead on any of \(cpuAndMemory.count) results."
                   : "missed on " + missed.map { "\($0.target) \($0.metric) \(Formatting.ratio($0.estimate.ratio)) (\(Self.interval($0.estimate)))" }
                   .joined(separator: "; ") + "."))
        }
        // 2. Our default filter costs a call no more than Docker's default filter run by runc.
        lines.append(filterGoalLine())
        // 3. File I/O on our overlay within the interval of podman's overlay.
        lines.append(fioGoalLine())
        return [.heading("Goals"), .paragraph(lines.joined(separator: "\n\n"))]
    }

    /// The ratio and its interval per workload and target: one plot for the compute and
    /// system-call workloads, one per storage for file I/O.
    func plots() -> [PlotSpec] {
        var groups: [(title: String, rows: [Row])] = [("workloads", rows.filter { $0.point["workload"] != "fio" })]
        for storage in points.compactMap({ $0["storage"] }) {
            groups.append(("fio on \(storage)", rows.filter { $0.point["storage"] == storage }))
        }
        return groups.compactMap { group -> PlotSpec? in
            guard !group.rows.isEmpty else { return nil }
            func category(_ row: Row) -> String {
                row.point["filter"].map { "\(row.metric) (\($0) filter)" } ?? row.metric.replacingOccurrences(of: "fio ", with: "")
            }
            let categories = group.rows.map(category).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let targets = group.rows.map(\.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            // Each target a little to the side, so the intervals do not hide each other.
            let series = targets.enumerated().map { index, target in
                let offset = (Double(index) - Double(targets.count - 1) / 2) * min(0.06, 0.7 / Double(targets.count))
                return PlotSeries(label: target, rows: group.rows.filter { $0.target == target }.compactMap { row in
                    categories.firstIndex(of: category(row)).map { [Double($0 + 1) + offset, row.estimate.ratio, row.estimate.low, row.estimate.high] }
                })
            }
            let values = group.rows.flatMap { [$0.estimate.low, $0.estimate.high] }
            return PlotSpec(name: FeatureMatrix.slug(scenario.name) + "-overhead-" + FeatureMatrix.slug(group.title), kind: .intervals,
                            title: "\(scenario.name): \(group.title), ratio to the bare host (95% interval)",
                            xLabel: "", yLabel: "target / host", series: series, logScale: Plots.wideRange(values) ,
                            categories: categories)
        }
    }
}
