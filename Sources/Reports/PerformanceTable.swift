import Results

/// Percentile tables of every measurement, grouped by scenario and metric, with how many
/// iterations failed, what each target's number covers, and ratios against a reference
/// target, computed only between the same metric at the same sweep point.
public struct PerformanceTable: Sendable {
    public struct Row: Sendable {
        public var target: String
        public var parameters: [String: String]
        /// Nil when every iteration failed (the row then shows only `failed`).
        public var summary: Summary?
        /// Measured iterations that failed at this sweep point (warm-ups and interruptions apart).
        public var failed: Int
        /// This target's p50 / the reference's p50 (and p90), same metric and sweep point.
        public var p50Ratio: Double?
        public var p90Ratio: Double?
    }

    public struct Group: Sendable {
        public var scenario: String
        public var metric: String
        public var unit: String
        public var better: BetterDirection
        /// What the metric is and covers, when the run recorded it.
        public var definition: MetricDefinition?
        public var rows: [Row]
        public var isSweep: Bool { rows.contains { !$0.parameters.isEmpty } }
        public var higherIsBetter: Bool { better == .higher }

        /// `(ms, lower is better)`.
        public var heading: String {
            "\(scenario): \(metric) (\(unit), " + (better == .neither ? "neither way is better" : "\(better.rawValue) is better") + ")"
        }

        /// One line per target that has a coverage text, in row order.
        public var coverage: [(target: String, text: String)] {
            var seen = Set<String>()
            return rows.compactMap { row in
                guard seen.insert(row.target).inserted, let text = definition?.coverage(of: row.target) else { return nil }
                return (row.target, text)
            }
        }
    }

    public var suite: String
    public var reference: String?
    public var groups: [Group]
    /// `docker: 9 of 20 iterations failed (startup)`, one per scenario and target with failures.
    public var failureWarnings: [String]

    /// The harness's own no-op target: measured first in every timed run, never a reference.
    static let harnessTarget = "noop"

    /// `reference` defaults to the first target that ran and measured something, other than the
    /// harness's no-op target (a ratio to it would divide a container's start by two clock reads).
    public init(_ document: ResultsDocument, reference: String? = nil) {
        suite = document.suite
        let measured = Set(document.measurements.map(\.target))
        let chosen = reference ?? document.targets.first {
            $0.skipped == nil && measured.contains($0.name) && $0.name != Self.harnessTarget
        }?.name
        self.reference = chosen
        let targetOrder = document.targets.map(\.name)

        var order: [String] = []
        var byGroup: [String: [MetricSamples]] = [:]
        for measurement in document.measurements {
            let id = measurement.scenario + "\u{0}" + measurement.metric
            if byGroup[id] == nil { order.append(id) }
            byGroup[id, default: []].append(measurement)
        }
        var headlined = Set<String>()
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
                    failed: document.failedIterations(scenario: first.scenario, target: members[index].target, parameters: members[index].parameters),
                    p50Ratio: ratio(summary?.p50, base?.p50),
                    p90Ratio: ratio(summary?.p90, base?.p90))
            }
            // A target whose every iteration failed has no samples: it gets a row in the
            // scenario's first table, with n 0 and its failures.
            if headlined.insert(first.scenario).inserted {
                rows += PerformanceTable.failedOnlyRows(document, scenario: first.scenario, present: rows)
            }
            rows.sort { left, right in
                let leftRank = targetOrder.firstIndex(of: left.target) ?? targetOrder.count
                let rightRank = targetOrder.firstIndex(of: right.target) ?? targetOrder.count
                if leftRank != rightRank { return leftRank < rightRank }
                if left.target != right.target { return left.target < right.target }
                return Parameters.precedes(left.parameters, right.parameters)
            }
            let definition = document.definition(scenario: first.scenario, metric: first.metric)
            return Group(
                scenario: first.scenario, metric: first.metric, unit: first.unit,
                better: definition?.better ?? (first.higherIsBetter == true ? .higher : .lower),
                definition: definition, rows: rows)
        }
        // A scenario whose every step failed has no samples at all: a table of its headline
        // metric still shows each target's failures.
        let scenarioOrder = document.scenarios.map(\.name)
        for entry in document.scenarios where !headlined.contains(entry.name) {
            guard let metric = entry.metrics.first else { continue }
            let rows = PerformanceTable.failedOnlyRows(document, scenario: entry.name, present: [])
            guard !rows.isEmpty else { continue }
            groups.append(Group(scenario: entry.name, metric: metric.name, unit: metric.unit, better: metric.better,
                                definition: metric, rows: rows))
        }
        groups = groups.enumerated().sorted { left, right in
            let a = scenarioOrder.firstIndex(of: left.element.scenario) ?? scenarioOrder.count
            let b = scenarioOrder.firstIndex(of: right.element.scenario) ?? scenarioOrder.count
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
        failureWarnings = PerformanceTable.failureWarnings(document)
    }

    static func failedOnlyRows(_ document: ResultsDocument, scenario: String, present: [Row]) -> [Row] {
        var rows: [Row] = []
        for failure in document.failures where failure.scenario == scenario && !failure.warmup && !failure.interrupted {
            guard !present.contains(where: { $0.target == failure.target && $0.parameters == failure.parameters }),
                  !rows.contains(where: { $0.target == failure.target && $0.parameters == failure.parameters }) else { continue }
            rows.append(Row(target: failure.target, parameters: failure.parameters, summary: nil,
                            failed: document.failedIterations(scenario: scenario, target: failure.target, parameters: failure.parameters),
                            p50Ratio: nil, p90Ratio: nil))
        }
        return rows
    }

    /// Per scenario and target with failed measured iterations: how many of how many.
    static func failureWarnings(_ document: ResultsDocument) -> [String] {
        var warnings: [String] = []
        for scenario in Set(document.failures.map(\.scenario)).sorted() {
            for target in document.targets.map(\.name) {
                let failed = document.failures.filter { $0.scenario == scenario && $0.target == target && !$0.warmup && !$0.interrupted }.count
                guard failed > 0 else { continue }
                // Steps that succeeded: the samples of the scenario's first metric, every sweep point.
                let headline = document.measurements.first { $0.scenario == scenario }?.metric
                let succeeded = document.measurements.filter { $0.scenario == scenario && $0.target == target && $0.metric == headline }
                    .reduce(0) { $0 + $1.samples.count }
                warnings.append("\(target): \(failed) of \(failed + succeeded) iterations failed in \(scenario); its numbers count only the \(succeeded) that succeeded")
            }
        }
        return warnings
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
