/// What a probe inside a real container of one target found about one feature.
public struct FeatureResult: Codable, Sendable, Equatable {
    public var feature: String
    public var target: String
    public var outcome: FeatureOutcome
    /// The probe's output or the command's output that decided the outcome.
    public var evidence: String
    /// One line a reader sees before opening the evidence (e.g. the errno).
    public var detail: String?

    public init(feature: String, target: String, outcome: FeatureOutcome, evidence: String, detail: String? = nil) {
        self.feature = feature
        self.target = target
        self.outcome = outcome
        self.evidence = evidence
        self.detail = detail
    }
}

/// `failed` means the probe could not decide (it crashed or the container did
/// not start); `notSupported` is a clean, evidenced "no".
public enum FeatureOutcome: String, Codable, Sendable, Equatable, CaseIterable {
    case supported
    case notSupported
    case failed
    case skipped

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

extension ResultsDocument {
    /// Feature names in the order they first appear (the runner's order).
    public var featureNames: [String] {
        var seen = Set<String>()
        return features.map(\.feature).filter { seen.insert($0).inserted }
    }
}
