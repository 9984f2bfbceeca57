import Results

/// How an outcome is shown: words and symbols belong to the reports, not to the results model.
extension FeatureOutcome {
    /// The word shown in tables.
    public var label: String {
        switch self {
        case .supported: return "supported"
        case .notSupported: return "not supported"
        case .failed: return "failed"
        case .skipped: return "skipped"
        }
    }

    /// An emoji for the Markdown matrix (GitHub and editors render them).
    public var symbol: String {
        switch self {
        case .supported: return "✅"
        case .notSupported: return "❌"
        case .failed: return "⚠️"
        case .skipped: return "–"
        }
    }

    /// A symbol every common font has (emoji fonts are often missing on
    /// servers and in headless browsers), for the HTML matrix.
    public var plainSymbol: String {
        switch self {
        case .supported: return "✓"
        case .notSupported: return "✗"
        case .failed: return "⚠"
        case .skipped: return "–"
        }
    }
}
