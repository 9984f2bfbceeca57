/// Which way a metric improves. `neither` marks a number that describes the run rather than
/// a target (it is never judged better or worse).
public enum BetterDirection: String, Codable, Sendable, Equatable, CaseIterable {
    case lower, higher, neither
}

/// What one metric of a scenario is: its unit, which way is better, and per target what the
/// number covers (which processes, which phases, which daemons), so a reader sees what a
/// ratio between two targets compares.
public struct MetricDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var unit: String
    public var better: BetterDirection
    public var description: String?
    /// Target name to what its number covers; `*` holds the text for targets not listed.
    public var coverage: [String: String]
    /// The smallest step the source can show (e.g. 0.25 MB for a peak counted in 64 pages);
    /// nil for a continuous quantity. A quantised metric gets no noise verdict.
    public var resolution: Double?

    public init(name: String, unit: String, better: BetterDirection, description: String? = nil,
                coverage: [String: String] = [:], resolution: Double? = nil) {
        self.name = name
        self.unit = unit
        self.better = better
        self.description = description
        self.coverage = coverage
        self.resolution = resolution
    }

    /// What `target`'s number covers, or nil when the definition says nothing about it.
    public func coverage(of target: String) -> String? {
        coverage[target] ?? coverage["*"]
    }
}

/// A row a feature scenario judges, with what it belongs to and what others answered
/// (e.g. `article 2015 LXC: yes`) shown beside the measured cells.
public struct FeatureDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var group: String?
    /// Column title to its answer, e.g. `["article 2015: LXC": "yes"]`.
    public var references: [String: String]
    /// Column title to what its answer claims for one measured target (`lxc` is "not
    /// supported" where the article says "via LXD"), so a report can mark where today's
    /// measurement disagrees. Nil in documents written before claims existed.
    public var claims: [String: ReferenceClaim]?
    /// Every reference column's title in the order its source lists them (the article's
    /// LXC before Docker), so a report shows them in that order. Nil in older documents.
    public var referenceOrder: [String]?

    public init(name: String, group: String? = nil, references: [String: String] = [:], claims: [String: ReferenceClaim]? = nil,
                referenceOrder: [String]? = nil) {
        self.name = name
        self.group = group
        self.references = references
        self.claims = claims
        self.referenceOrder = referenceOrder
    }
}

/// What a reference answer says about one target's cell.
public struct ReferenceClaim: Codable, Sendable, Equatable {
    /// The measured column the answer speaks for, e.g. `docker`.
    public var target: String
    /// The outcome the answer claims: supported, partial or not supported.
    public var outcome: FeatureOutcome

    public init(target: String, outcome: FeatureOutcome) {
        self.target = target
        self.outcome = outcome
    }

    /// Whether `measured` contradicts the claim: only a measured verdict can (a cell that
    /// failed to measure or does not apply says nothing either way).
    public func disagrees(with measured: FeatureOutcome) -> Bool {
        measured.isVerdict && measured != outcome
    }
}

/// One scenario of the run as it was defined: its kind, plan and what its metrics and
/// features mean.
public struct ScenarioEntry: Codable, Sendable, Equatable {
    public var name: String
    /// The `kind:` of the scenario file (`performance`, `feature`, `image-unpack`...).
    public var kind: String
    public var description: String?
    public var warmup: Int
    public var iterations: Int
    public var metrics: [MetricDefinition]
    public var features: [FeatureDefinition]

    public init(name: String, kind: String, description: String? = nil, warmup: Int = 0, iterations: Int = 1,
                metrics: [MetricDefinition] = [], features: [FeatureDefinition] = []) {
        self.name = name
        self.kind = kind
        self.description = description
        self.warmup = warmup
        self.iterations = iterations
        self.metrics = metrics
        self.features = features
    }

    public func metric(_ name: String) -> MetricDefinition? {
        metrics.first { $0.name == name }
    }
}

/// Something a reader must know about one target in one scenario (`stopped by
/// kernel.pid_max=32768`, `skipped: no checkpoint support`), or about the scenario as a
/// whole when `target` is nil.
public struct ScenarioNote: Codable, Sendable, Equatable {
    public enum Category: String, Codable, Sendable, Equatable, CaseIterable {
        /// The target did not take part in this scenario.
        case skipped
        /// A host or target limit ended or shaped the run.
        case limit
        /// The numbers need care (failures, a busy host, extra iterations).
        case warning
        case info
    }

    public var scenario: String
    public var target: String?
    public var category: Category
    public var text: String

    public init(scenario: String, target: String? = nil, category: Category = .info, text: String) {
        self.scenario = scenario
        self.target = target
        self.category = category
        self.text = text
    }
}

extension ResultsDocument {
    public func scenario(named name: String) -> ScenarioEntry? {
        scenarios.first { $0.name == name }
    }

    /// The definition of a metric of a scenario, when the run recorded one.
    public func definition(scenario: String, metric: String) -> MetricDefinition? {
        self.scenario(named: scenario)?.metric(metric)
    }

    public func notes(scenario: String, target: String? = nil) -> [ScenarioNote] {
        notes.filter { $0.scenario == scenario && $0.target == target }
    }
}
