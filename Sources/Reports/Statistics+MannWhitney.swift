import Foundation
import Results

/// The outcome of a two-sided Mann-Whitney U test.
public struct MannWhitneyResult: Sendable, Equatable {
    /// U of the first sample: how many (first, second) pairs have first > second,
    /// ties counting one half.
    public var u: Double
    public var z: Double
    /// Two-sided p-value of the normal approximation.
    public var pValue: Double
}

extension Statistics {
    /// Mann-Whitney U test (two-sided) with the normal approximation, the
    /// tie correction of the variance and a 0.5 continuity correction; the
    /// same as SciPy's `mannwhitneyu(x, y, method="asymptotic")`. It asks
    /// whether one sample tends to be larger than the other without assuming
    /// a distribution, which suits skewed latencies. Nil if a sample is empty.
    public static func mannWhitneyU(_ first: [Double], _ second: [Double]) -> MannWhitneyResult? {
        guard !first.isEmpty, !second.isEmpty else { return nil }
        let n1 = Double(first.count)
        let n2 = Double(second.count)
        let n = n1 + n2
        let pooled = (first.map { ($0, true) } + second.map { ($0, false) }).sorted { $0.0 < $1.0 }

        // Average ranks for ties, and the Σ(t³ - t) the variance correction needs.
        var rankSumFirst = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count, pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let averageRank = Double(start + end + 2) / 2  // ranks are 1-based
            let tied = Double(end - start + 1)
            tieTerm += tied * tied * tied - tied
            for index in start...end where pooled[index].1 { rankSumFirst += averageRank }
            start = end + 1
        }

        let u1 = rankSumFirst - n1 * (n1 + 1) / 2
        let u2 = n1 * n2 - u1
        let expected = n1 * n2 / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else {
            // Every value equal: no evidence of any shift.
            return MannWhitneyResult(u: u1, z: 0, pValue: 1)
        }
        let larger = Swift.max(u1, u2)
        let z = (larger - expected - 0.5) / variance.squareRoot()
        let pValue = Swift.min(1, Swift.max(0, erfc(z / 2.0.squareRoot())))
        return MannWhitneyResult(u: u1, z: z, pValue: pValue)
    }
}
