import Results

extension PerformanceTable {
    static let methodNote = """
        Percentiles interpolate linearly between the closest ranks (numpy's default). \
        The 95% interval of the median is a percentile bootstrap (2000 resamples, fixed seed). \
        cv is the standard deviation (n - 1) over the mean. Ratios divide a target's percentile \
        by the reference target's at the same sweep point.
        """

    /// `performance.md`: one table per scenario and metric.
    public func markdown() -> String {
        var text = "# Performance: \(suite)\n\n"
        text += "Reference target: \(reference.map { "**\($0)**" } ?? "none")\n\n"
        text += PerformanceTable.methodNote + "\n"
        for group in groups {
            let direction = group.higherIsBetter ? "higher is better" : "lower is better"
            text += "\n## \(Markdown.cell(group.scenario)): \(Markdown.cell(group.metric)) (\(Markdown.cell(group.unit)), \(direction))\n\n"
            let sweep = group.isSweep
            var header = ["target"]
            if sweep { header.append("parameters") }
            header += ["n", "min", "p50", "p90", "p99", "max", "mean", "stddev", "cv", "median 95% CI", "p50 / ref", "p90 / ref"]
            text += Markdown.row(header)
            text += Markdown.separator(columns: header.count)
            for row in group.rows {
                var cells = [Markdown.cell(row.target)]
                if sweep { cells.append(Markdown.cell(SeriesKey.label(row.parameters))) }
                cells += PerformanceTable.summaryCells(row)
                text += Markdown.row(cells)
            }
        }
        return text
    }

    /// The numeric cells shared by Markdown and HTML.
    static func summaryCells(_ row: Row) -> [String] {
        guard let summary = row.summary else {
            return ["0"] + Array(repeating: "–", count: 11)
        }
        return [
            String(summary.n),
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
