import Results

/// How an outcome is shown: words and symbols belong to the reports, not to the results model.
extension FeatureOutcome {
    /// The words shown in tables.
    public var label: String {
        switch self {
        case .supported: return "supported"
        case .partial: return "partial"
        case .notSupported: return "not supported"
        case .notApplicable: return "not applicable"
        case .failed: return "failed to measure"
        case .skipped: return "skipped"
        }
    }

    /// An emoji for the Markdown matrix (GitHub and editors render them).
    public var symbol: String {
        switch self {
        case .supported: return "✅"
        case .partial: return "🟡"
        case .notSupported: return "❌"
        case .notApplicable: return "➖"
        case .failed: return "⚠️"
        case .skipped: return "–"
        }
    }

    /// A symbol every common font has (emoji fonts are often missing on
    /// servers and in headless browsers), for the HTML matrix.
    public var plainSymbol: String {
        switch self {
        case .supported: return "✓"
        case .partial: return "◐"
        case .notSupported: return "✗"
        case .notApplicable: return "n/a"
        case .failed: return "⚠"
        case .skipped: return "–"
        }
    }
}
