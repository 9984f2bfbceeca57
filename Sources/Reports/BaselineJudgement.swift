import Results

/// `cbench run --baseline NAME`: each target's median as a ratio to the reference target's
/// median in the same run (same scenario, metric and sweep point), held against that ratio
/// in the baseline. A ratio cancels what moves every target alike (a slower or busier
/// machine); the baseline's bootstrap interval of the ratio says how far noise alone moves
/// it. A ratio counts only beyond that interval by more than the tolerance (50% by default:
/// on a shared 2-core machine a smaller change is not certain).
public struct BaselineJudgement: Sendable {
    public struct Entry: Sendable {
        public var key: MeasurementKey
        public var baseRatio: Double
        public var baseInterval: (low: Double, high: Double)
        public var newRatio: Double
        public var verdict: Verdict
        public var reason: String
    }

    public var reference: String
    public var tolerance: Double
    public var entries: [Entry]
    /// What the baseline measured and the new run did not: a failure of its own.
    public var missing: [MeasurementKey]
    /// Metrics not judged, with why (no reference at that point, neither way better).
    public var unjudged: [String]

    public init(base: ResultsDocument, new: ResultsDocument, reference: String, tolerance: Double = 0.5, seed: UInt64 = Statistics.defaultSeed) {
        self.reference = reference
        self.tolerance = tolerance
        let newByKey = Dictionary(new.measurements.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let baseByKey = Dictionary(base.measurements.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        var missing: [MeasurementKey] = []
        var unjudged: [String] = []
        for measurement in base.measurements where baseByKey[measurement.key] == measurement {
            guard let current = newByKey[measurement.key] else {
                missing.append(measurement.key)
                continue
            }
            guard measurement.target != reference else { continue }
            let referenceKey = MeasurementKey(series: measurement.seriesKey, target: reference)
            guard let baseReference = baseByKey[referenceKey], let newReference = newByKey[referenceKey] else {
                unjudged.append("\(measurement.key): \(reference) has no value for it")
                continue
            }
            let definition = new.definition(scenario: measurement.scenario, metric: measurement.metric)
                ?? base.definition(scenario: measurement.scenario, metric: measurement.metric)
            let better = definition?.better ?? (measurement.lowerIsBetter ? .lower : .higher)
            guard better != .neither else {
                unjudged.append("\(measurement.key): neither way is better")
                continue
            }
            guard let interval = Statistics.bootstrapMedianRatioInterval(numerator: measurement.samples, denominator: baseReference.samples, seed: seed),
                  let baseRatio = BaselineJudgement.medianRatio(measurement.samples, baseReference.samples),
                  let newRatio = BaselineJudgement.medianRatio(current.samples, newReference.samples) else {
                unjudged.append("\(measurement.key): a median is zero or missing")
                continue
            }
            let (verdict, reason) = BaselineJudgement.verdict(newRatio: newRatio, interval: interval, better: better, tolerance: tolerance)
            entries.append(Entry(key: measurement.key, baseRatio: baseRatio, baseInterval: interval, newRatio: newRatio,
                                 verdict: verdict, reason: reason))
        }
        self.entries = entries
        self.missing = missing
        self.unjudged = unjudged
    }

    static func medianRatio(_ numerator: [Double], _ denominator: [Double]) -> Double? {
        let bottom = Statistics.median(denominator)
        guard !numerator.isEmpty, !denominator.isEmpty, bottom != 0 else { return nil }
        return Statistics.median(numerator) / bottom
    }

    /// Worse beyond the interval's far bound by more than the tolerance: a regression; better
    /// beyond its near bound by as much: an improvement; anything else: unchanged.
    static func verdict(newRatio: Double, interval: (low: Double, high: Double), better: BetterDirection,
                        tolerance: Double) -> (Verdict, String) {
        let worseLimit = better == .lower ? interval.high * (1 + tolerance) : interval.low / (1 + tolerance)
        let betterLimit = better == .lower ? interval.low / (1 + tolerance) : interval.high * (1 + tolerance)
        let isWorse = better == .lower ? newRatio > worseLimit : newRatio < worseLimit
        let isBetter = better == .lower ? newRatio < betterLimit : newRatio > betterLimit
        let limits = "regression beyond \(Formatting.number(worseLimit)), improvement beyond \(Formatting.number(betterLimit))"
        if isWorse { return (.regression, "ratio \(Formatting.number(newRatio)) is past \(Formatting.number(worseLimit))") }
        if isBetter { return (.improvement, "ratio \(Formatting.number(newRatio)) is past \(Formatting.number(betterLimit))") }
        return (.unchanged, limits)
    }

    public var hasRegression: Bool { entries.contains { $0.verdict == .regression } }
    public var hasImprovement: Bool { entries.contains { $0.verdict == .improvement } }

    public var exitCode: Int32 {
        Comparison.exitCode(incomplete: !missing.isEmpty, regression: hasRegression, improvement: hasImprovement)
    }

    /// The table `cbench run --baseline` prints: per metric and target, the baseline's ratio
    /// and its interval, the new ratio, the verdict; then what is missing and the summary.
    public func renderText() -> String {
        var output = "baseline judged by ratios to \(reference), tolerance \(Formatting.change(tolerance).dropFirst()) beyond the baseline's 95% interval of each ratio\n"
        var table = TextTable(header: ["scenario/metric", "target", "parameters", "base ratio", "base 95% interval", "new ratio", "verdict", "why"])
        for entry in entries {
            table.rows.append([
                "\(entry.key.series.scenario)/\(entry.key.series.metric)", entry.key.target, SeriesKey.label(entry.key.series.parameters),
                Formatting.ratio(entry.baseRatio),
                "\(Formatting.ratio(entry.baseInterval.low)) – \(Formatting.ratio(entry.baseInterval.high))",
                Formatting.ratio(entry.newRatio), entry.verdict.rawValue.uppercased(), entry.reason,
            ])
        }
        output += table.rendered()
        for key in missing { output += "MISSING in the new run: \(key)\n" }
        for line in unjudged { output += "not judged: \(line)\n" }
        func count(_ verdict: Verdict) -> Int { entries.filter { $0.verdict == verdict }.count }
        output += "\(count(.regression)) regression, \(count(.improvement)) improvement, \(count(.unchanged)) unchanged, "
        output += "\(missing.count) missing in the new run → exit \(exitCode): \(Comparison.meaning(of: exitCode))\n"
        return output
    }
}
