import Foundation
import NamespaceCore
import Results

/// How much change is tolerated before a difference counts, per statistic,
/// as a fraction (0.05 = 5%). Parsed from `p50=5%,p90=10%`.
public struct Thresholds: Sendable, Equatable {
    /// Relative change allowed in each judged statistic. `.cv` is the allowed
    /// relative rise of the coefficient of variation.
    public var limits: [SummaryStatistic: Double]
    /// A change must also pass the Mann-Whitney test at this level.
    public var significance: Double
    /// `cbench run --baseline`: how far a ratio to the reference target may pass its
    /// baseline interval before it counts (0.5: 50% beyond the interval's bound).
    public var ratioTolerance: Double

    public init(limits: [SummaryStatistic: Double], significance: Double = 0.05, ratioTolerance: Double = 0.5) {
        self.limits = limits
        self.significance = significance
        self.ratioTolerance = ratioTolerance
    }

    /// p50 5%, p90 10%, coefficient of variation 50% relative; p99 is not
    /// judged by default because it needs many samples to be stable.
    public static let standard = Thresholds(limits: [.p50: 0.05, .p90: 0.10, .cv: 0.50])

    /// Starts from `standard` and overrides what the text names, e.g.
    /// `p50=5%,p90=10%,p99=25%,cv=100%`. `off` stops judging a statistic;
    /// `alpha=0.01` changes the significance level. A bare number is a percentage.
    public init(parsing text: String, startingFrom base: Thresholds = .standard) throws {
        self = base
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ReportError(stage: "parse thresholds", detail: "'\(item)' is not NAME=VALUE")
            }
            let name = parts[0].lowercased()
            let value = parts[1]
            if name == "ratio" {
                guard let fraction = ThresholdText.fraction(value) else {
                    throw ReportError(stage: "parse thresholds", detail: "'\(value)' for ratio is not a percentage")
                }
                ratioTolerance = fraction
                continue
            }
            if name == "alpha" {
                guard let level = ThresholdText.significance(value) else {
                    throw ReportError(stage: "parse thresholds", detail: "alpha '\(value)' is not in (0, 1)")
                }
                significance = level
                continue
            }
            guard let statistic = SummaryStatistic(rawValue: name) else {
                let known = SummaryStatistic.allCases.map(\.rawValue).joined(separator: ", ")
                throw ReportError(stage: "parse thresholds", detail: "unknown statistic '\(name)' (known: \(known), alpha, ratio)")
            }
            if value.lowercased() == ThresholdText.off {
                limits[statistic] = nil
                continue
            }
            guard let fraction = ThresholdText.fraction(value) else {
                throw ReportError(stage: "parse thresholds", detail: "'\(value)' for \(name) is not a percentage")
            }
            limits[statistic] = fraction
        }
    }

    /// `p50=5%,p90=10%,cv=50%`, the form `init(parsing:)` reads.
    public var text: String {
        limits.sorted { $0.key < $1.key }
            .map { "\($0.key.rawValue)=\(String(format: "%g", $0.value * 100))%" }
            .joined(separator: ",")
    }

    /// `ratio=50%`, the baseline judge's tolerance in the same form.
    public var ratioText: String { "ratio=\(String(format: "%g", ratioTolerance * 100))%" }
}
