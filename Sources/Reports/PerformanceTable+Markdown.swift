import Results

extension PerformanceTable {
    static let methodNote = """
        Percentiles interpolate linearly between the closest ranks (numpy's default). \
        The 95% interval of the median is a percentile bootstrap (2000 resamples, fixed seed). \
        cv is the standard deviation (n - 1) over the mean. n counts the iterations that \
        succeeded, failed those that did not (failures.md has each error). Ratios divide a \
        target's percentile by the reference target's for the same metric at the same sweep \
        point; a target without that metric or phase has no value and no ratio.
        """

    static func header(sweep: Bool) -> [String] {
        ["target"] + (sweep ? ["parameters"] : [])
            + ["n", "failed", "min", "p50", "p90", "p99", "max", "mean", "stddev", "cv", "median 95% CI", "p50 / ref", "p90 / ref"]
    }

    /// `performance.md`: one table per scenario and metric, what each number covers under it.
    public func markdown() -> String {
        var text = "# Performance: \(suite)\n\n"
        for warning in failureWarnings { text += "**Warning:** \(warning).\n\n" }
        text += "Reference target: \(reference.map { "**\($0)**" } ?? "none")\n\n"
        text += PerformanceTable.methodNote + "\n"
        for group in groups {
            text += "\n## \(Markdown.cell(group.heading))\n\n"
            let header = PerformanceTable.header(sweep: group.isSweep)
            text += Markdown.row(header)
            text += Markdown.separator(columns: header.count)
            for row in group.rows {
                var cells = [Markdown.cell(row.target)]
                if group.isSweep { cells.append(Markdown.cell(SeriesKey.label(row.parameters))) }
                cells += PerformanceTable.summaryCells(row)
                text += Markdown.row(cells)
            }
            for note in PerformanceTable.notes(group) { text += "\n" + note + "\n" }
        }
        return text
    }

    /// What is said under a table: the metric, each target's coverage, the resolution.
    static func notes(_ group: Group) -> [String] {
        var notes: [String] = []
        if let description = group.definition?.description { notes.append("What it is: \(description).") }
        if !group.coverage.isEmpty {
            notes.append("What each number covers: " + group.coverage.map { "\($0.target): \($0.text)" }.joined(separator: "; ") + ".")
        }
        if let resolution = group.definition?.resolution {
            notes.append("Resolution: \(Formatting.number(resolution)) \(group.unit) (the source moves in steps of this size; no noise verdict is drawn from it).")
        }
        return notes
    }

    /// The numeric cells shared by Markdown and HTML.
    static func summaryCells(_ row: Row) -> [String] {
        guard let summary = row.summary else {
            return ["0", String(row.failed)] + Array(repeating: "–", count: 11)
        }
        return [
            String(summary.n),
            String(row.failed),
            Formatting.number(summary.min),
            Formatting.number(summary.p50),
            Formatting.number(summary.p90),
            Formatting.number(summary.p99),
            Formatting.number(summary.max),
            Formatting.number(summary.mean),
            Formatting.number(summary.stddev),
            Formatting.number(summary.cv),
            "\(Formatting.number(summary.ci95Low)) – \(Formatting.number(summary.ci95High))",
            row.p50Ratio.map(Formatting.ratio) ?? "–",
            row.p90Ratio.map(Formatting.ratio) ?? "–",
        ]
    }
}
