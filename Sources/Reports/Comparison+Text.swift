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
        for key in onlyInBase { output += "MISSING in the new run: \(key)\n" }
        for key in onlyInNew { output += "new in this run: \(key)\n" }
        output += summaryLine() + "\n"
        return output
    }

    /// Every count, each verdict on its own, then the exit code and why; a noisy metric is
    /// said to count as a regression, so the line and the exit code always agree.
    public func summaryLine() -> String {
        func count(_ verdict: Verdict) -> Int { entries.filter { $0.verdict == verdict }.count }
        let parts = [
            "\(count(.regression)) regression",
            "\(count(.noisy)) noisy (counted as regressions)",
            "\(count(.improvement)) improvement",
            "\(count(.unchanged)) unchanged",
            "\(onlyInBase.count) missing in the new run",
        ]
        return parts.joined(separator: ", ") + " → exit \(exitCode): \(Comparison.meaning(of: exitCode))"
    }
}
