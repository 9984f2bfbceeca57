import Foundation
import Results

extension Comparison {
    /// The report `cbench compare` prints: one line per metric and target,
    /// the change of each percentile and of the CV, the p-value and the verdict.
    public func renderText() -> String {
        var output = "thresholds: \(thresholds.text), significance: Mann-Whitney U two-sided p < \(String(format: "%g", thresholds.significance))\n"
        if !environmentDifferences.isEmpty {
            output += "warning: the environments differ: " + environmentDifferences.joined(separator: "; ") + "\n"
        }
        var table = TextTable(header: ["scenario/metric", "target", "parameters", "p50", "p90", "p99", "cv", "p", "verdict", "why"])
        for entry in entries {
            func cell(_ statistic: SummaryStatistic) -> String {
                let before = Formatting.number(entry.base.value(of: statistic))
                let after = Formatting.number(entry.new.value(of: statistic))
                return "\(before)→\(after) (\(Formatting.change(entry.changes[statistic] ?? .nan)))"
            }
            table.rows.append([
                "\(entry.key.series.scenario)/\(entry.key.series.metric) [\(entry.unit)]",
                entry.key.target,
                SeriesKey.label(entry.key.series.parameters),
                cell(.p50), cell(.p90), cell(.p99), cell(.cv),
                entry.pValue.map(Formatting.number) ?? "n/a",
                entry.verdict.rawValue.uppercased(),
                entry.reasons.joined(separator: "; "),
            ])
        }
        output += table.rendered()
        for key in onlyInBase { output += "missing in new run: \(key)\n" }
        for key in onlyInNew { output += "new in this run: \(key)\n" }
        let counts = Verdict.allCases.map { verdict in
            "\(entries.filter { $0.verdict == verdict }.count) \(verdict.rawValue)"
        }
        output += counts.joined(separator: ", ") + " → exit \(exitCode)\n"
        return output
    }
}
