import Results

extension PerformanceTable {
    /// `performance.csv`: one row per scenario, metric, target and sweep
    /// point, full precision, ready for a spreadsheet or pandas.
    public func csv() -> String {
        var text = CSV.line([
            "scenario", "metric", "unit", "higher_is_better", "target", "parameters",
            "n", "failed", "min", "p50", "p90", "p99", "max", "mean", "stddev", "cv",
            "ci95_low", "ci95_high", "reference", "p50_ratio", "p90_ratio",
        ])
        for group in groups {
            for row in group.rows {
                var fields = [
                    group.scenario, group.metric, group.unit, group.higherIsBetter ? "true" : "false",
                    row.target, SeriesKey.label(row.parameters),
                ]
                if let summary = row.summary {
                    fields.append(String(summary.n))
                    fields.append(String(row.failed))
                    fields += [
                        summary.min, summary.p50, summary.p90, summary.p99, summary.max,
                        summary.mean, summary.stddev, summary.cv, summary.ci95Low, summary.ci95High,
                    ].map(Formatting.exact)
                } else {
                    fields += ["0", String(row.failed)] + Array(repeating: "", count: 10)
                }
                fields.append(reference ?? "")
                fields.append(row.p50Ratio.map(Formatting.exact) ?? "")
                fields.append(row.p90Ratio.map(Formatting.exact) ?? "")
                text += CSV.line(fields)
            }
        }
        return text
    }
}
