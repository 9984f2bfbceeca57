import Foundation

/// One scenario of a suite file, validated: the keys every kind shares, typed, and the
/// kind with its own keys already read.
public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    /// The kind and its own settings (the feature rows, the metrics, the image size...).
    public var kind: any ScenarioKind
    /// Target names; nil means every known target that meets the kind's requirement.
    public var targets: [String]?
    public var warmup: Int
    public var iterations: Int
    /// Seconds one step may take before it is stopped and counted as failed.
    public var timeoutSeconds: Double
    /// Parameter name to its values; each combination is a sweep point.
    public var sweep: [String: [String]]
    /// Regression thresholds, as `cbench compare --threshold` takes them (`p50=5%`).
    public var thresholds: [String: String]
    /// More iterations while a target's numbers vary too much; nil: exactly `iterations`.
    public var adaptive: AdaptivePolicy?

    public init(name: String, kind: any ScenarioKind, description: String? = nil, targets: [String]? = nil, warmup: Int = 0,
                iterations: Int = 1, timeoutSeconds: Double = 30, sweep: [String: [String]] = [:], thresholds: [String: String] = [:],
                adaptive: AdaptivePolicy? = nil) {
        self.name = name
        self.description = description
        self.kind = kind
        self.targets = targets
        self.warmup = warmup
        self.iterations = iterations
        self.timeoutSeconds = timeoutSeconds
        self.sweep = sweep
        self.thresholds = thresholds
        self.adaptive = adaptive
    }

    /// The `kind:` value.
    public var kindName: String { type(of: kind).name }

    /// Every combination of the sweep's values, sorted by name; one empty point without a sweep.
    public var sweepPoints: [[String: String]] {
        var points: [[String: String]] = [[:]]
        for name in sweep.keys.sorted() {
            points = points.flatMap { point in
                (sweep[name] ?? []).map { value in point.merging([name: value]) { _, new in new } }
            }
        }
        return points
    }
}

/// Adaptive runs, as the Phoronix suite does them: after the planned iterations, a target
/// whose headline metric has a coefficient of variation above `cv` gets another round,
/// until it is below or the target has `maxIterations`. Each extension is noted.
public struct AdaptivePolicy: Sendable, Equatable {
    /// As a fraction: 0.05 is 5%.
    public var cv: Double
    public var maxIterations: Int

    public init(cv: Double, maxIterations: Int) {
        self.cv = cv
        self.maxIterations = maxIterations
    }

    public static let keys: Set<String> = ["cv", "max"]
}

/// A file's scenarios, in order.
public struct ScenarioSuite: Sendable {
    public var name: String
    public var scenarios: [Scenario]

    public init(name: String, scenarios: [Scenario]) {
        self.name = name
        self.scenarios = scenarios
    }
}
