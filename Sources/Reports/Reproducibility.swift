import Results

/// `cbench run --repeat N`: the same suite N times back to back. Per metric, target and
/// sweep point: whether each later run's median interval overlaps the first run's, and how
/// far the ratio to the reference target drifted, the comparison that survives a machine
/// that got slower or faster as a whole.
public struct Reproducibility: Sendable {
    public struct Row: Sendable {
        public var key: MeasurementKey
        public var medians: [Double?]
        /// Per later run: whether its 95% interval of the median overlaps the first run's.
        public var overlaps: [Bool?]
        /// Per later run: its ratio to the reference divided by the first run's, minus 1.
        public var ratioDrift: [Double?]
    }

    public var reference: String?
    public var runs: Int
    public var rows: [Row]

    public init(_ documents: [ResultsDocument], reference: String?) {
        self.reference = reference
        runs = documents.count
        guard let first = documents.first else {
            rows = []
            return
        }
        func summary(_ document: ResultsDocument, _ key: MeasurementKey) -> Summary? {
            document.measurements.first { $0.key == key }.flatMap { $0.summary ?? Summary(samples: $0.samples) }
        }
        func ratio(_ document: ResultsDocument, _ key: MeasurementKey) -> Double? {
            guard let reference, let value = summary(document, key)?.p50,
                  let base = summary(document, MeasurementKey(series: key.series, target: reference))?.p50, base != 0 else { return nil }
            return value / base
        }
        rows = first.measurements.map { measurement in
            let key = measurement.key
            let firstSummary = summary(first, key)
            let later = documents.dropFirst()
            return Row(
                key: key,
                medians: documents.map { summary($0, key)?.p50 },
                overlaps: later.map { document in
                    guard let a = firstSummary, let b = summary(document, key) else { return nil }
                    return a.ci95Low <= b.ci95High && b.ci95Low <= a.ci95High
                },
                ratioDrift: later.map { document in
                    guard key.target != reference, let before = ratio(first, key), let after = ratio(document, key), before != 0 else { return nil }
                    return after / before - 1
                })
        }
    }

    /// `repeat.md` and what `cbench run --repeat` prints.
    public func markdown() -> String {
        var text = "# Back-to-back reproducibility: \(runs) runs\n\n"
        text += "Per metric and target: the median of each run, whether each later run's 95% interval of the median "
        text += "overlaps the first run's, and the drift of the ratio to \(reference ?? "the reference") against the first run.\n\n"
        var header = ["scenario/metric", "target", "parameters"] + (1...max(runs, 1)).map { "p50 run \($0)" }
        header += (2...max(runs, 2)).map { "overlaps run 1 (\($0))" } + (2...max(runs, 2)).map { "ratio drift (\($0))" }
        text += Markdown.row(header) + Markdown.separator(columns: header.count)
        for row in rows {
            var cells = ["\(row.key.series.scenario)/\(row.key.series.metric)", row.key.target, SeriesKey.label(row.key.series.parameters)]
            cells += row.medians.map { $0.map(Formatting.number) ?? "–" }
            cells += row.overlaps.map { $0.map { $0 ? "yes" : "NO" } ?? "–" }
            cells += row.ratioDrift.map { $0.map(Formatting.change) ?? "–" }
            text += Markdown.row(cells.map(Markdown.cell))
        }
        let disjoint = rows.reduce(0) { $0 + $1.overlaps.filter { $0 == false }.count }
        text += "\n\(rows.count) series; \(disjoint) later medians whose interval does not overlap the first run's.\n"
        return text
    }
}
