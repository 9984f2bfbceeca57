/// Pure statistics over raw samples. Nothing here reads a clock or a file.
public enum Statistics {
    /// The seed every report uses unless told otherwise, so that the same
    /// samples always give the same confidence interval ("cbench" in ASCII).
    public static let defaultSeed: UInt64 = 0x63_62_65_6E_63_68

    public static func mean(_ samples: [Double]) -> Double {
        guard !samples.isEmpty else { return .nan }
        return samples.reduce(0, +) / Double(samples.count)
    }

    /// Sample standard deviation (Bessel's correction, divisor n - 1, as
    /// numpy's `std(ddof=1)`); 0 for a single sample.
    public static func standardDeviation(_ samples: [Double]) -> Double {
        guard samples.count > 1 else { return samples.isEmpty ? .nan : 0 }
        let average = mean(samples)
        let squares = samples.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        return (squares / Double(samples.count - 1)).squareRoot()
    }

    /// Standard deviation over the absolute mean: 0 when every sample is 0,
    /// infinite when only the mean is 0.
    public static func coefficientOfVariation(_ samples: [Double]) -> Double {
        let deviation = standardDeviation(samples)
        let average = mean(samples)
        if average == 0 { return deviation == 0 ? 0 : .infinity }
        return deviation / abs(average)
    }
}
