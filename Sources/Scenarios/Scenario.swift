import Foundation
import Targets

/// One scenario of a suite file, validated: every field typed, every target known.
public struct Scenario: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Cells of the feature matrix, judged from the probe's report.
        case feature
        /// Timed samples of metrics.
        case performance
    }

    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Create, start, wait for exit, delete.
        case run
        /// Create and start a long-lived workload, then stop it (start until running).
        case startUntilRunning = "start-until-running"
    }

    public var name: String
    public var kind: Kind
    /// Target names; nil means every known target.
    public var targets: [String]?
    /// `busybox` or an absolute path of a root file system.
    public var rootfs: String
    public var warmup: Int
    public var iterations: Int
    /// Seconds one step may take before it is stopped and counted as failed.
    public var timeoutSeconds: Double
    /// Parameter name to its values; the command's `{name}` takes each value in turn.
    public var sweep: [String: [String]]
    public var command: [String]
    public var mode: Mode
    public var userNamespace: Bool
    /// Feature scenarios: the isolation rows to judge.
    public var probes: [String]
    /// Performance scenarios: the metrics to record.
    public var metrics: [String]
    /// Regression thresholds, as `cbench compare --threshold` takes them (`p50=5%`).
    public var thresholds: [String: String]

    public init(name: String, kind: Kind, targets: [String]? = nil, rootfs: String = "busybox", warmup: Int = 0,
                iterations: Int = 1, timeoutSeconds: Double = 30, sweep: [String: [String]] = [:], command: [String],
                mode: Mode = .run, userNamespace: Bool = false, probes: [String] = [], metrics: [String] = [],
                thresholds: [String: String] = [:]) {
        self.name = name
        self.kind = kind
        self.targets = targets
        self.rootfs = rootfs
        self.warmup = warmup
        self.iterations = iterations
        self.timeoutSeconds = timeoutSeconds
        self.sweep = sweep
        self.command = command
        self.mode = mode
        self.userNamespace = userNamespace
        self.probes = probes
        self.metrics = metrics
        self.thresholds = thresholds
    }

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

    /// The command with `{name}` replaced by the point's values.
    public func command(at point: [String: String]) -> [String] {
        command.map { argument in
            point.reduce(argument) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
    }

    /// The metrics performance scenarios record when the file names none.
    public static let defaultMetrics = ["create-to-exit", "phases", "memory-peak", "host-mem-available", "perf"]
    public static let knownMetrics = defaultMetrics
    public static let knownProbes = IsolationJudge.rows
}

/// A file's scenarios, in order.
public struct ScenarioSuite: Sendable, Equatable {
    public var name: String
    public var scenarios: [Scenario]

    public init(name: String, scenarios: [Scenario]) {
        self.name = name
        self.scenarios = scenarios
    }
}
