extension Statistics {
    /// The `fraction` quantile (0...1) by linear interpolation between the
    /// closest ranks, numpy's default (`method="linear"`, Hyndman & Fan type 7):
    /// with the samples sorted as x[0...n-1], h = (n - 1) * fraction and the
    /// result is x[⌊h⌋] + (h - ⌊h⌋) * (x[⌊h⌋ + 1] - x[⌊h⌋]). NaN when empty.
    public static func percentile(sorted: [Double], _ fraction: Double) -> Double {
        guard let first = sorted.first, let last = sorted.last else { return .nan }
        if fraction <= 0 { return first }
        if fraction >= 1 { return last }
        let position = Double(sorted.count - 1) * fraction
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] + weight * (sorted[upper] - sorted[lower])
    }

    public static func percentile(_ samples: [Double], _ fraction: Double) -> Double {
        percentile(sorted: samples.sorted(), fraction)
    }

    public static func median(_ samples: [Double]) -> Double {
        percentile(samples, 0.5)
    }
}
