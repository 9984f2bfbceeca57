/// What a probe inside a real container of one target found about one feature.
public struct FeatureResult: Codable, Sendable, Equatable {
    public var feature: String
    public var target: String
    public var outcome: FeatureOutcome
    /// The probe's output or the command's output that decided the outcome.
    public var evidence: String
    /// One line a reader sees before opening the evidence (e.g. the errno).
    public var detail: String?
    /// The command whose output `evidence` is, when it is not the probe's report.
    public var command: String?
    /// The host it was measured on, in a document merged from several hosts.
    public var host: String?

    public init(feature: String, target: String, outcome: FeatureOutcome, evidence: String, detail: String? = nil,
                command: String? = nil, host: String? = nil) {
        self.feature = feature
        self.target = target
        self.outcome = outcome
        self.evidence = evidence
        self.detail = detail
        self.command = command
        self.host = host
    }

    /// The column of the feature matrix: the target, and its host in a merged document.
    public var column: String { host.map { "\(target) @ \($0)" } ?? target }
}

/// A cell's verdict. `failed` means the measurement could not decide (the probe crashed,
/// the container did not start): "failed to measure", never counted as a "no";
/// `notSupported` is a clean, evidenced "no" (the refusal is the evidence); `partial` says
/// in its evidence what is missing; `notApplicable` when the question does not arise for
/// the target (the evidence says why). `skipped` is kept for documents written before.
public enum FeatureOutcome: String, Codable, Sendable, Equatable, CaseIterable {
    case supported
    case partial
    case notSupported
    case notApplicable
    case failed
    case skipped

    /// Whether the outcome is an answer to the row's question (and may agree or disagree
    /// with a reference): supported, partial or not supported.
    public var isVerdict: Bool {
        switch self {
        case .supported, .partial, .notSupported: return true
        case .notApplicable, .failed, .skipped: return false
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
