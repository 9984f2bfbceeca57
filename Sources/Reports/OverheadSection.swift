import Results

/// The overhead kind's part: per workload, each target's results divided by the bare host's
/// (median over median, with a 95% two-sample bootstrap interval), the verdict, the perf
/// counters of the workload's own run, what each default seccomp filter costs a call, the
/// project's goals, and a plot of the ratios.
struct OverheadSection: ReportSection {
    static let kind = "overhead"
    /// The baseline every ratio divides by (the kind's `host` target).
    static let baseline = "host"
    static let verdictNone = "no measurable overhead"

    func build(_ input: ReportSectionInput) -> ReportPart? {
        var blocks: [ReportBlock] = []
        var plots: [PlotSpec] = []
        for scenario in input.scenarios {
            let table = OverheadTable(input: input, scenario: scenario)
            guard !table.rows.isEmpty else { continue }
            blocks.append(.heading(scenario.name))
            blocks.append(.paragraph("Each target's result divided by the bare host's (`host`: the same program as a plain process). "
                + "Compared by round: the targets and the host run in interleaved rounds, so each round's result is divided by the "
                + "host's of the same round, and the ratio is the median of those, with a 95% interval from a bootstrap of the rounds "
                + "(2000 resamples): the host's speed drifts with the machine's load, and pairing keeps the drift out. Where a step "
                + "failed and the rounds no longer pair, median over median, with a bootstrap of both (\"medians\"). The verdict is "
                + "\"\(Self.verdictNone)\" when the interval holds 1.0. For a time, a ratio above 1 is slower; for a "
                + "throughput (MB/s, MiB/s), below 1 is slower."))
            blocks += table.workloadBlocks()
            blocks += table.filterCostBlocks()
            blocks += table.goalBlocks()
            plots += table.plots()
        }
        guard !blocks.isEmpty else { return nil }
        blocks += Self.unsupportedEvents(input.document.environment.versions)
        return ReportPart(id: "overhead", title: "Overhead against the bare host", blocks: blocks, plots: plots)
    }

    /// The perf events this host refused (hardware events in a VM), with the reason, so a
    /// missing column is explained rather than silent.
    static func unsupportedEvents(_ versions: [String: String]) -> [ReportBlock] {
        let refused = versions.filter { $0.key.hasPrefix("perf:") && $0.value.hasPrefix("unsupported") }.sorted { $0.key < $1.key }
        guard !refused.isEmpty else { return [] }
        return [.heading("Events not counted"),
                .paragraph(refused.map { "\($0.key.dropFirst(5)): \($0.value)" }.joined(separator: "\n\n"))]
    }
}
