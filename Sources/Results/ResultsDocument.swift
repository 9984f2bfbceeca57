import Foundation

/// Everything one run of a suite produced: where it ran, what was measured
/// (raw samples first, summaries derived from them), which features each
/// target showed, what failed, and what each scenario and metric means.
/// Written as `Results/<date>-<suite>/results.json`.
public struct ResultsDocument: Codable, Sendable, Equatable {
    /// Bumped whenever a field changes meaning or disappears; readers refuse
    /// versions newer than they know instead of misreading them.
    /// 2 added scenarios, failures, notes, tables and series (a version 1 file reads
    /// with them empty).
    public static let currentSchemaVersion = 2

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
    /// Every scenario as defined, with its metrics' definitions.
    public var scenarios: [ScenarioEntry]
    /// Every step that failed or was interrupted, warm-ups included.
    public var failures: [FailureRecord]
    public var notes: [ScenarioNote]
    public var tables: [ResultTable]
    public var series: [ResultSeries]
    /// A document merged from several hosts' runs (`cbench merge`): every host, how its run
    /// went and where it ran; nil for a run on one host.
    public var hosts: [HostRun]?

    public init(
        suite: String,
        startedAt: Date,
        finishedAt: Date? = nil,
        partial: Bool = false,
        environment: Environment,
        targets: [TargetInfo],
        features: [FeatureResult] = [],
        measurements: [MetricSamples] = [],
        scenarios: [ScenarioEntry] = [],
        failures: [FailureRecord] = [],
        notes: [ScenarioNote] = [],
        tables: [ResultTable] = [],
        series: [ResultSeries] = [],
        hosts: [HostRun]? = nil
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
        self.scenarios = scenarios
        self.failures = failures
        self.notes = notes
        self.tables = tables
        self.series = series
        self.hosts = hosts
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, suite, startedAt, finishedAt, partial, environment, targets, features, measurements
        case scenarios, failures, notes, tables, series, hosts
    }

    /// Fields newer than version 1 are read when present, so old documents still load.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        suite = try container.decode(String.self, forKey: .suite)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        finishedAt = try container.decodeIfPresent(Date.self, forKey: .finishedAt)
        partial = try container.decode(Bool.self, forKey: .partial)
        environment = try container.decode(Environment.self, forKey: .environment)
        targets = try container.decode([TargetInfo].self, forKey: .targets)
        features = try container.decodeIfPresent([FeatureResult].self, forKey: .features) ?? []
        measurements = try container.decodeIfPresent([MetricSamples].self, forKey: .measurements) ?? []
        scenarios = try container.decodeIfPresent([ScenarioEntry].self, forKey: .scenarios) ?? []
        failures = try container.decodeIfPresent([FailureRecord].self, forKey: .failures) ?? []
        notes = try container.decodeIfPresent([ScenarioNote].self, forKey: .notes) ?? []
        tables = try container.decodeIfPresent([ResultTable].self, forKey: .tables) ?? []
        series = try container.decodeIfPresent([ResultSeries].self, forKey: .series) ?? []
        hosts = try container.decodeIfPresent([HostRun].self, forKey: .hosts)
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
