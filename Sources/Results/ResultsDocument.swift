import Foundation

/// Everything one run of a suite produced: where it ran, what was measured
/// (raw samples first, summaries derived from them) and which features each
/// target showed. Written as `Results/<date>-<suite>/results.json`.
public struct ResultsDocument: Codable, Sendable, Equatable {
    /// Bumped whenever a field changes meaning or disappears; readers refuse
    /// versions newer than they know instead of misreading them.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var suite: String
    public var startedAt: Date
    public var finishedAt: Date?
    /// True when the run stopped early (interrupted, a target crashed the runner).
    public var partial: Bool
    public var environment: Environment
    public var targets: [TargetInfo]
    public var features: [FeatureResult]
    public var measurements: [MetricSamples]

    public init(
        suite: String,
        startedAt: Date,
        finishedAt: Date? = nil,
        partial: Bool = false,
        environment: Environment,
        targets: [TargetInfo],
        features: [FeatureResult] = [],
        measurements: [MetricSamples] = []
    ) {
        self.schemaVersion = ResultsDocument.currentSchemaVersion
        self.suite = suite
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.partial = partial
        self.environment = environment
        self.targets = targets
        self.features = features
        self.measurements = measurements
    }
}

/// One thing being compared: a runtime or one of cbench's own modes.
public struct TargetInfo: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var version: String?
    /// Why the target did not run (not installed, refused the host), or nil.
    public var skipped: String?

    public init(name: String, version: String? = nil, skipped: String? = nil) {
        self.name = name
        self.version = version
        self.skipped = skipped
    }
}
