import Results

/// Percentile tables of every measurement, grouped by scenario and metric,
/// with ratios against a reference target at the same sweep point.
public struct PerformanceTable: Sendable {
    public struct Row: Sendable {
        public var target: String
        public var parameters: [String: String]
        /// Nil when the measurement kept no samples.
        public var summary: Summary?
        /// This target's p50 / the reference's p50 (and p90), same sweep point.
        public var p50Ratio: Double?
        public var p90Ratio: Double?
    }

    public struct Group: Sendable {
        public var scenario: String
        public var metric: String
        public var unit: String
        public var higherIsBetter: Bool
        public var rows: [Row]
        public var isSweep: Bool { rows.contains { !$0.parameters.isEmpty } }
    }

    public var suite: String
    public var reference: String?
    public var groups: [Group]

    /// `reference` defaults to the first target that ran and measured something.
    public init(_ document: ResultsDocument, reference: String? = nil) {
        suite = document.suite
        let measured = Set(document.measurements.map(\.target))
        let chosen = reference ?? document.targets.first { $0.skipped == nil && measured.contains($0.name) }?.name
        self.reference = chosen
        let targetOrder = document.targets.map(\.name)

        var order: [String] = []
        var byGroup: [String: [MetricSamples]] = [:]
        for measurement in document.measurements {
            let id = measurement.scenario + "\u{0}" + measurement.metric
            if byGroup[id] == nil { order.append(id) }
            byGroup[id, default: []].append(measurement)
        }
        groups = order.compactMap { id -> Group? in
            guard let members = byGroup[id], let first = members.first else { return nil }
            let summaries = members.map { $0.summary ?? Summary(samples: $0.samples) }
            func referenceSummary(at parameters: [String: String]) -> Summary? {
                guard let index = members.indices.first(where: {
                    members[$0].target == chosen && members[$0].parameters == parameters
                }) else { return nil }
                return summaries[index]
            }
            var rows = members.indices.map { index -> Row in
                let summary = summaries[index]
                let base = referenceSummary(at: members[index].parameters)
                return Row(
                    target: members[index].target,
                    parameters: members[index].parameters,
                    summary: summary,
                    p50Ratio: ratio(summary?.p50, base?.p50),
                    p90Ratio: ratio(summary?.p90, base?.p90))
            }
            rows.sort { left, right in
                let leftRank = targetOrder.firstIndex(of: left.target) ?? targetOrder.count
                let rightRank = targetOrder.firstIndex(of: right.target) ?? targetOrder.count
                if leftRank != rightRank { return leftRank < rightRank }
                if left.target != right.target { return left.target < right.target }
                return Parameters.precedes(left.parameters, right.parameters)
            }
            return Group(
                scenario: first.scenario, metric: first.metric, unit: first.unit,
                higherIsBetter: first.higherIsBetter == true, rows: rows)
        }
    }
}

private func ratio(_ value: Double?, _ base: Double?) -> Double? {
    guard let value, let base, base != 0 else { return nil }
    return value / base
}

/// Ordering of sweep points: numbers as numbers, so 50 comes before 100.
enum Parameters {
    static func precedes(_ left: [String: String], _ right: [String: String]) -> Bool {
        let keys = Set(left.keys).union(right.keys).sorted()
        for key in keys {
            let a = left[key] ?? ""
            let b = right[key] ?? ""
            if a == b { continue }
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
        return false
    }
}
