/// Statistics derived from the raw samples of one measurement. Percentiles
/// use linear interpolation between closest ranks (numpy's default), the
/// standard deviation divides by n - 1, and the interval is a seeded
/// percentile bootstrap of the median.
public struct Summary: Codable, Sendable, Equatable {
    public var n: Int
    public var min: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double
    public var mean: Double
    public var stddev: Double
    /// Coefficient of variation, stddev / |mean|.
    public var cv: Double
    public var ci95Low: Double
    public var ci95High: Double

    public init(
        n: Int, min: Double, p50: Double, p90: Double, p99: Double, max: Double,
        mean: Double, stddev: Double, cv: Double, ci95Low: Double, ci95High: Double
    ) {
        self.n = n
        self.min = min
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
        self.mean = mean
        self.stddev = stddev
        self.cv = cv
        self.ci95Low = ci95Low
        self.ci95High = ci95High
    }

    /// Nil when there are no samples: an empty measurement has no summary,
    /// not a summary of zeros.
    public init?(samples: [Double], seed: UInt64 = Statistics.defaultSeed, resamples: Int = 2000) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let interval = Statistics.bootstrapMedianInterval(sorted, resamples: resamples, seed: seed)
        let median = Statistics.percentile(sorted: sorted, 0.5)
        self.init(
            n: sorted.count,
            min: sorted[0],
            p50: median,
            p90: Statistics.percentile(sorted: sorted, 0.9),
            p99: Statistics.percentile(sorted: sorted, 0.99),
            max: sorted[sorted.count - 1],
            mean: Statistics.mean(sorted),
            stddev: Statistics.standardDeviation(sorted),
            cv: Statistics.coefficientOfVariation(sorted),
            ci95Low: interval?.low ?? median,
            ci95High: interval?.high ?? median)
    }
}
