/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast and fully determined by
/// its seed, so a bootstrap interval is reproducible on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// An index in 0..<count by the high half of a 64×64-bit product
    /// (Lemire's method without the rejection step: the bias is below 2⁻³²
    /// for any sample count we meet, and the draw stays one call to `next`,
    /// which keeps it easy to reproduce outside Swift).
    public mutating func index(below count: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(count)).high)
    }
}

extension Statistics {
    /// Percentile bootstrap confidence interval of `statistic`: `resamples`
    /// resamples with replacement, each of the original size, and the
    /// (1 - confidence)/2 and (1 + confidence)/2 quantiles of their statistics
    /// (linear interpolation, as `percentile`). Nil when there are no samples.
    public static func bootstrapInterval(
        _ samples: [Double],
        confidence: Double = 0.95,
        resamples: Int = 2000,
        seed: UInt64 = defaultSeed,
        statistic: ([Double]) -> Double
    ) -> (low: Double, high: Double)? {
        guard !samples.isEmpty, resamples > 0 else { return nil }
        var generator = SplitMix64(seed: seed)
        var estimates: [Double] = []
        estimates.reserveCapacity(resamples)
        var resample = [Double](repeating: 0, count: samples.count)
        for _ in 0..<resamples {
            for slot in 0..<samples.count {
                resample[slot] = samples[generator.index(below: samples.count)]
            }
            estimates.append(statistic(resample))
        }
        estimates.sort()
        return centralInterval(sorted: estimates, confidence: confidence)
    }

    /// The 95% (by default) bootstrap interval of the median. Sorted input
    /// takes a linear-time path with the very same result (see below), which
    /// is what `Summary` uses.
    public static func bootstrapMedianInterval(
        _ samples: [Double],
        confidence: Double = 0.95,
        resamples: Int = 2000,
        seed: UInt64 = defaultSeed
    ) -> (low: Double, high: Double)? {
        guard !samples.isEmpty, resamples > 0 else { return nil }
        guard zip(samples, samples.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            return bootstrapInterval(samples, confidence: confidence, resamples: resamples, seed: seed) {
                percentile(sorted: $0.sorted(), 0.5)
            }
        }
        var estimates = bootstrapMedianEstimates(sorted: samples, resamples: resamples, seed: seed)
        estimates.sort()
        return centralInterval(sorted: estimates, confidence: confidence)
    }

    /// The median of each of `resamples` resamples of sorted `samples`, in draw order.
    static func bootstrapMedianEstimates(sorted samples: [Double], resamples: Int, seed: UInt64) -> [Double] {
        // From sorted samples, the k-th smallest value of a resample is the
        // value at the k-th smallest drawn index, so counting the drawn
        // indices replaces sorting each resample: O(n) instead of O(n log n).
        let count = samples.count
        let position = Double(count - 1) * 0.5
        let lower = Int(position.rounded(.down))
        let weight = position - Double(lower)
        let upperRank = Swift.min(lower + 1, count - 1)
        var generator = SplitMix64(seed: seed)
        var hits = [Int](repeating: 0, count: count)
        var estimates: [Double] = []
        estimates.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for slot in hits.indices { hits[slot] = 0 }
            for _ in 0..<count { hits[generator.index(below: count)] += 1 }
            var seen = 0
            var lowerMatch: Double?
            var upperValue = samples[count - 1]
            for (index, hit) in hits.enumerated() where hit > 0 {
                seen += hit
                if lowerMatch == nil, seen > lower { lowerMatch = samples[index] }
                if seen > upperRank {
                    upperValue = samples[index]
                    break
                }
            }
            let lowerValue = lowerMatch ?? upperValue
            estimates.append(lowerValue + weight * (upperValue - lowerValue))
        }
        return estimates
    }

    /// The 95% (by default) bootstrap interval of median(numerator) / median(denominator):
    /// each side resampled on its own (different seeds), the ratios of paired resample
    /// medians taken. Nil when a side is empty or a denominator median is 0.
    public static func bootstrapMedianRatioInterval(
        numerator: [Double],
        denominator: [Double],
        confidence: Double = 0.95,
        resamples: Int = 2000,
        seed: UInt64 = defaultSeed
    ) -> (low: Double, high: Double)? {
        guard let (top, bottom) = medianEstimatesOfEachSide(numerator, denominator, resamples: resamples, seed: seed),
              !bottom.contains(0) else { return nil }
        return centralInterval(sorted: zip(top, bottom).map { $0 / $1 }.sorted(), confidence: confidence)
    }

    /// The 95% (by default) bootstrap interval of median(first) - median(second), each side
    /// resampled on its own as in `bootstrapMedianRatioInterval`. Nil when a side is empty.
    public static func bootstrapMedianDifferenceInterval(
        _ first: [Double],
        minus second: [Double],
        confidence: Double = 0.95,
        resamples: Int = 2000,
        seed: UInt64 = defaultSeed
    ) -> (low: Double, high: Double)? {
        guard let (left, right) = medianEstimatesOfEachSide(first, second, resamples: resamples, seed: seed) else { return nil }
        return centralInterval(sorted: zip(left, right).map { $0 - $1 }.sorted(), confidence: confidence)
    }

    /// Each side's resample medians, drawn on its own (the second with the next seed), in
    /// draw order so that the k-th of one pairs with the k-th of the other. Nil when a side is
    /// empty.
    static func medianEstimatesOfEachSide(_ first: [Double], _ second: [Double], resamples: Int,
                                          seed: UInt64) -> ([Double], [Double])? {
        guard !first.isEmpty, !second.isEmpty, resamples > 0 else { return nil }
        return (bootstrapMedianEstimates(sorted: first.sorted(), resamples: resamples, seed: seed),
                bootstrapMedianEstimates(sorted: second.sorted(), resamples: resamples, seed: seed &+ 1))
    }

    /// The (1 - confidence)/2 and (1 + confidence)/2 quantiles of sorted bootstrap estimates.
    static func centralInterval(sorted estimates: [Double], confidence: Double) -> (low: Double, high: Double) {
        let tail = (1 - confidence) / 2
        return (percentile(sorted: estimates, tail), percentile(sorted: estimates, 1 - tail))
    }
}
