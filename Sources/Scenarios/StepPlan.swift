/// One step of a scenario: a warm-up or a measured iteration of one target at one sweep point.
public struct PlannedStep: Sendable, Equatable {
    public var target: String
    public var point: [String: String]
    /// 0-based; warm-ups and iterations count separately.
    public var iteration: Int
    public var warmup: Bool
}

/// The order steps run in: for each sweep point, warm-ups then iterations, each round going
/// through every target (A B C A B C) so that drift on the machine hits all targets alike.
public enum StepPlan {
    public static func steps(for scenario: Scenario, targets: [String]) -> [PlannedStep] {
        scenario.sweepPoints.flatMap { steps(for: scenario, point: $0, targets: targets) }
    }

    /// The steps of one sweep point.
    public static func steps(for scenario: Scenario, point: [String: String], targets: [String]) -> [PlannedStep] {
        var steps: [PlannedStep] = []
        for round in 0..<scenario.warmup {
            steps += targets.map { PlannedStep(target: $0, point: point, iteration: round, warmup: true) }
        }
        for round in 0..<scenario.iterations {
            steps += targets.map { PlannedStep(target: $0, point: point, iteration: round, warmup: false) }
        }
        return steps
    }
}
