import Foundation

/// The text form of thresholds, shared by scenario files (`thresholds:`, `adaptive:`) and
/// the command line (`--threshold p50=5%`), so both accept and refuse the same values.
public enum ThresholdText {
    /// The word that stops judging a statistic.
    public static let off = "off"

    /// A percentage as a fraction: `5%` or `5` give 0.05; nil when the text is not a
    /// finite, non-negative number with an optional `%`.
    public static func fraction(_ text: String) -> Double? {
        let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let percent = Double(digits.trimmingCharacters(in: .whitespaces)), percent.isFinite, percent >= 0 else { return nil }
        return percent / 100
    }

    /// A significance level strictly between 0 and 1, e.g. `0.05`.
    public static func significance(_ text: String) -> Double? {
        guard let level = Double(text.trimmingCharacters(in: .whitespaces)), level > 0, level < 1 else { return nil }
        return level
    }
}
