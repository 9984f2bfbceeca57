import Results

/// The statistics a regression can be judged on. The mean is deliberately
/// absent: one outlier moves it.
public enum SummaryStatistic: String, Sendable, CaseIterable, Comparable {
    case p50, p90, p99, cv

    public static func < (lhs: SummaryStatistic, rhs: SummaryStatistic) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

extension Summary {
    /// The value of a named percentile statistic, for thresholds and tables.
    public func value(of statistic: SummaryStatistic) -> Double {
        switch statistic {
        case .p50: return p50
        case .p90: return p90
        case .p99: return p99
        case .cv: return cv
        }
    }
}
