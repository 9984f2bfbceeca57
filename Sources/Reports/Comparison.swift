import Results

/// What a comparison concluded about one metric of one target.
public enum Verdict: String, Sendable, Equatable, CaseIterable {
    /// A judged percentile got worse beyond its threshold, and Mann-Whitney
    /// says the shift is significant.
    case regression
    /// The coefficient of variation rose beyond its threshold: the metric
    /// became unreliable. Counts as a regression for the exit code.
    case noisy
    /// Better beyond a threshold, significantly, and worse nowhere.
    case improvement
    case unchanged
}

/// One metric of one target (at one sweep point) in both documents.
public struct MetricComparison: Sendable, Equatable {
    public var key: MeasurementKey
    public var unit: String
    public var higherIsBetter: Bool
    public var base: Summary
    public var new: Summary
    /// Relative change (new - base) / |base| of every judged statistic and p99.
    public var changes: [SummaryStatistic: Double]
    /// Two-sided Mann-Whitney p-value on the raw samples; nil if either side
    /// kept no samples.
    public var pValue: Double?
    public var verdict: Verdict
    /// Why, in words: `p90 +12.0% > 10%, p=0.003`.
    public var reasons: [String]
}

/// Every metric of a new run held against a base run.
public struct Comparison: Sendable {
    public var thresholds: Thresholds
    public var entries: [MetricComparison]
    /// Measurements the base has and the new run lacks (and the other way):
    /// listed, never judged, because a missing target says nothing about speed.
    public var onlyInBase: [MeasurementKey]
    public var onlyInNew: [MeasurementKey]
    /// Kernel, CPU, cores... that differ: the comparison may be meaningless.
    public var environmentDifferences: [String]

    /// The CV must also rise by this much in absolute terms (one percentage
    /// point), so that 0.1% → 0.2% is not flagged as "doubled noise".
    public static let cvAbsoluteFloor = 0.01

    public init(base: ResultsDocument, new: ResultsDocument, thresholds: Thresholds = .standard) {
        self.thresholds = thresholds
        let baseByKey = Dictionary(base.measurements.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let newByKey = Dictionary(new.measurements.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [MetricComparison] = []
        var onlyInBase: [MeasurementKey] = []
        for measurement in base.measurements where baseByKey[measurement.key] == measurement {
            guard let counterpart = newByKey[measurement.key] else {
                onlyInBase.append(measurement.key)
                continue
            }
            let definition = new.definition(scenario: measurement.scenario, metric: measurement.metric)
                ?? base.definition(scenario: measurement.scenario, metric: measurement.metric)
            if let entry = Comparison.judge(base: measurement, new: counterpart, thresholds: thresholds, definition: definition) {
                entries.append(entry)
            }
        }
        self.entries = entries
        self.onlyInBase = onlyInBase
        self.onlyInNew = new.measurements.map(\.key).filter { baseByKey[$0] == nil }
        self.environmentDifferences = Comparison.differences(base.environment, new.environment)
    }

    public var hasRegression: Bool { entries.contains { $0.verdict == .regression || $0.verdict == .noisy } }
    public var hasImprovement: Bool { entries.contains { $0.verdict == .improvement } }
    /// The new run lacks a target or metric the base had: data was lost, so nothing can be
    /// said about it, which is a failure of its own.
    public var isIncomplete: Bool { !onlyInBase.isEmpty }

    /// 5: the new run lacks something the base had; else 2: at least one regression (a
    /// metric that turned noisy counts as one); else 4: improvements only; else 0.
    public var exitCode: Int32 { Comparison.exitCode(incomplete: isIncomplete, regression: hasRegression, improvement: hasImprovement) }

    /// The exit codes `cbench compare` and `cbench run --baseline` share.
    public static func exitCode(incomplete: Bool, regression: Bool, improvement: Bool) -> Int32 {
        if incomplete { return 5 }
        if regression { return 2 }
        if improvement { return 4 }
        return 0
    }

    /// What an exit code means, for the summary line.
    public static func meaning(of code: Int32) -> String {
        switch code {
        case 5: return "the new run lacks a target or metric the base had"
        case 2: return "a regression"
        case 4: return "improvements only"
        default: return "no significant change"
        }
    }

    static func judge(base: MetricSamples, new: MetricSamples, thresholds: Thresholds, definition: MetricDefinition? = nil) -> MetricComparison? {
        guard let baseSummary = base.summary ?? Summary(samples: base.samples),
              let newSummary = new.summary ?? Summary(samples: new.samples) else { return nil }
        if definition?.better == .neither {
            return MetricComparison(key: base.key, unit: base.unit, higherIsBetter: false, base: baseSummary, new: newSummary,
                                    changes: [:], pValue: nil, verdict: .unchanged,
                                    reasons: ["not judged: it describes the run, neither way is better"])
        }
        let resolution = definition?.resolution ?? 0
        let lowerIsBetter = definition.map { $0.better == .lower } ?? base.lowerIsBetter
        let pValue = Statistics.mannWhitneyU(base.samples, new.samples)?.pValue
        let significant = pValue.map { $0 < thresholds.significance } ?? false
        let pText = pValue.map { "p=\(Formatting.number($0))" } ?? "no samples for a test"

        var changes: [SummaryStatistic: Double] = [:]
        var worse: [String] = []
        var better: [String] = []
        var insignificant: [String] = []
        for statistic in SummaryStatistic.allCases where statistic != .cv {
            let change = relativeChange(from: baseSummary.value(of: statistic), to: newSummary.value(of: statistic))
            changes[statistic] = change
            guard let limit = thresholds.limits[statistic] else { continue }
            let adverse = lowerIsBetter ? change : -change
            let described = "\(statistic.rawValue) \(Formatting.change(change))"
            // A change within the source's resolution is a step of the counter, not a change.
            let absolute = abs(newSummary.value(of: statistic) - baseSummary.value(of: statistic))
            guard abs(adverse) > limit, absolute > resolution else { continue }
            if !significant {
                insignificant.append("\(described) not significant")
            } else if adverse > 0 {
                worse.append("\(described) > \(percent(limit))")
            } else {
                better.append("\(described) beyond \(percent(limit))")
            }
        }

        let cvChange = relativeChange(from: baseSummary.cv, to: newSummary.cv)
        changes[.cv] = cvChange
        var noisier: String?
        // A quantised metric's cv moves with its steps, not with noise: no noise verdict.
        if resolution == 0, let limit = thresholds.limits[.cv], cvChange > limit,
           newSummary.cv - baseSummary.cv > cvAbsoluteFloor {
            noisier = "cv \(Formatting.number(baseSummary.cv)) → \(Formatting.number(newSummary.cv)) (\(Formatting.change(cvChange)) > \(percent(limit)))"
        }

        let verdict: Verdict
        var reasons: [String]
        if !worse.isEmpty {
            verdict = .regression
            reasons = worse + [pText] + (noisier.map { [$0] } ?? [])
        } else if let noisier {
            verdict = .noisy
            reasons = [noisier]
        } else if !better.isEmpty {
            verdict = .improvement
            reasons = better + [pText]
        } else {
            verdict = .unchanged
            reasons = insignificant.isEmpty ? [] : insignificant + [pText]
        }
        return MetricComparison(
            key: base.key, unit: base.unit, higherIsBetter: !lowerIsBetter,
            base: baseSummary, new: newSummary, changes: changes,
            pValue: pValue, verdict: verdict, reasons: reasons)
    }

    /// (new - base) / |base|; a change from zero is infinite, zero to zero is none.
    static func relativeChange(from base: Double, to new: Double) -> Double {
        if base == 0 { return new == 0 ? 0 : (new > 0 ? .infinity : -.infinity) }
        return (new - base) / abs(base)
    }

    private static func percent(_ fraction: Double) -> String {
        Formatting.change(fraction).replacingPrefix("+")
    }

    static func differences(_ base: Environment, _ new: Environment) -> [String] {
        var found: [String] = []
        func check(_ name: String, _ old: String, _ current: String) {
            if old != current { found.append("\(name): \(old) → \(current)") }
        }
        check("kernel", base.kernel, new.kernel)
        check("distribution", base.distribution, new.distribution)
        check("cpu", base.cpuModel, new.cpuModel)
        check("cores", String(base.cores), String(new.cores))
        check("cgroup mode", base.cgroupMode, new.cgroupMode)
        for name in Set(base.versions.keys).union(new.versions.keys).sorted() {
            check(name, base.versions[name] ?? "absent", new.versions[name] ?? "absent")
        }
        return found
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
