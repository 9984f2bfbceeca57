import Foundation

/// Number formatting shared by every table, so Markdown, CSV-free text and
/// HTML show the same digits.
enum Formatting {
    /// About four significant digits, without exponent for everyday values.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude >= 1000 { return String(format: "%.0f", value) }
        if magnitude >= 100 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        if magnitude >= 0.001 { return String(format: "%.4f", value) }
        return String(format: "%.3g", value)
    }

    /// A relative change as a signed percentage: `+5.2%`, `-0.3%`.
    static func change(_ fraction: Double) -> String {
        guard fraction.isFinite else { return fraction.isNaN ? "n/a" : (fraction > 0 ? "+inf" : "-inf") }
        // Rounding noise must not print as "-0.0%".
        let percent = abs(fraction) < 0.0005 ? 0 : fraction * 100
        return String(format: "%+.1f%%", percent)
    }

    /// A ratio against the reference target: `1.00×`, `2.87×`.
    static func ratio(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.2f×", value)
    }

    /// Full precision for machine-readable output (CSV): shortest exact form.
    static func exact(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        return "\(value)"
    }

    static func bytes(_ count: UInt64) -> String {
        let gib = Double(count) / 1_073_741_824
        if gib >= 1 { return String(format: "%.1f GiB", gib) }
        return String(format: "%.0f MiB", Double(count) / 1_048_576)
    }
}
