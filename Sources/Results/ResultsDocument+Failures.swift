/// A step that did not give a result: kept with its error, never dropped, so a table's
/// n is always read next to how many iterations failed.
public struct FailureRecord: Codable, Sendable, Equatable {
    public var scenario: String
    public var target: String
    /// The sweep point; empty outside sweeps.
    public var parameters: [String: String]
    /// 0-based, as the step plan counts; warm-ups count separately.
    public var iteration: Int
    public var warmup: Bool
    /// Where it failed: `prepare`, `run`, `exit`, `judge`...
    public var stage: String
    public var error: String
    /// Stopped by Ctrl-C or SIGTERM rather than failing by itself.
    public var interrupted: Bool

    public init(scenario: String, target: String, parameters: [String: String] = [:], iteration: Int, warmup: Bool = false,
                stage: String, error: String, interrupted: Bool = false) {
        self.scenario = scenario
        self.target = target
        self.parameters = parameters
        self.iteration = iteration
        self.warmup = warmup
        self.stage = stage
        self.error = error
        self.interrupted = interrupted
    }
}

extension ResultsDocument {
    /// Failed measured iterations of one series (warm-ups and interruptions left out).
    public func failedIterations(scenario: String, target: String, parameters: [String: String]) -> Int {
        failures.filter {
            $0.scenario == scenario && $0.target == target && $0.parameters == parameters && !$0.warmup && !$0.interrupted
        }.count
    }

    /// Targets with at least one failed step, in the document's target order.
    public var targetsWithFailures: [String] {
        let failing = Set(failures.filter { !$0.interrupted }.map(\.target))
        return targets.map(\.name).filter { failing.contains($0) }
    }
}
