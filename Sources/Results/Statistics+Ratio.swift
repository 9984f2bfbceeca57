/// The ratio of two medians with its percentile bootstrap interval: how a target's result
/// compares with the bare host's, e.g. 1.03 (0.98 to 1.09).
public struct RatioEstimate: Sendable, Equatable {
    public var ratio: Double
    public var low: Double
    public var high: Double

    public init(ratio: Double, low: Double, high: Double) {
        self.ratio = ratio
        self.low = low
        self.high = high
    }

    /// The interval holds 1: no difference the samples can show.
    public var containsOne: Bool { low <= 1 && 1 <= high }
}

extension Statistics {
    /// median(numerator) / median(denominator), and the (1 ± confidence)/2 quantiles of the
    /// same ratio over `resamples` resamples of each group drawn independently with
    /// replacement (a two-sample percentile bootstrap; quantiles as `percentile`). Nil when a
    /// group is empty or a denominator median is 0.
    public static func ratioOfMedians(_ numerator: [Double], _ denominator: [Double], confidence: Double = 0.95,
                                      resamples: Int = 2000, seed: UInt64 = defaultSeed) -> RatioEstimate? {
        guard !numerator.isEmpty, !denominator.isEmpty, resamples > 0 else { return nil }
        let bottom = median(denominator)
        guard bottom != 0 else { return nil }
        var generator = SplitMix64(seed: seed)
        var top = [Double](repeating: 0, count: numerator.count)
        var under = [Double](repeating: 0, count: denominator.count)
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for slot in top.indices { top[slot] = numerator[generator.index(below: numerator.count)] }
            for slot in under.indices { under[slot] = denominator[generator.index(below: denominator.count)] }
            let resampledBottom = median(under)
            if resampledBottom != 0 { ratios.append(median(top) / resampledBottom) }
        }
        ratios.sort()
        let tail = (1 - confidence) / 2
        return RatioEstimate(ratio: median(numerator) / bottom,
                             low: percentile(sorted: ratios, tail), high: percentile(sorted: ratios, 1 - tail))
    }
}
