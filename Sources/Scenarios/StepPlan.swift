import Results

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
        steps(points: [point], warmup: scenario.warmup, iterations: scenario.iterations, targets: targets)
    }

    /// The same order over points a kind makes itself (the workloads of an overhead scenario).
    /// With `shuffleSeed`, each round takes the targets in an order of its own (a seeded
    /// shuffle, the same every run), so no target always runs right after the same one:
    /// in a fixed order the target after Docker always met dockerd's clean-up of the last
    /// container.
    ///
    /// With `sideBySide`, the points are one group a kind compares within each target (a
    /// workload with and without a filter): each round, each target runs every point back to
    /// back, so both see the machine in the same state. Run one point after the other, a
    /// machine that changed speed between them (this VM flips between two) made the
    /// difference meaningless.
    public static func steps(points: [[String: String]], warmup: Int, iterations: Int, targets: [String],
                             shuffleSeed: UInt64? = nil, sideBySide: Bool = false) -> [PlannedStep] {
        var generator = shuffleSeed.map(SplitMix64.init(seed:))
        func order() -> [String] {
            guard generator != nil else { return targets }
            var shuffled = targets
            for index in shuffled.indices.reversed() where index > 0 {
                guard let other = generator?.index(below: index + 1) else { break }
                shuffled.swapAt(index, other)
            }
            return shuffled
        }
        if sideBySide {
            return (0..<(warmup + iterations)).flatMap { index -> [PlannedStep] in
                let warm = index < warmup
                let round = warm ? index : index - warmup
                // The group's order alternates, so neither point always runs first.
                let ordered = index.isMultiple(of: 2) ? points : points.reversed()
                return order().flatMap { target in
                    ordered.map { PlannedStep(target: target, point: $0, iteration: round, warmup: warm) }
                }
            }
        }
        var steps: [PlannedStep] = []
        for point in points {
            for round in 0..<warmup {
                steps += order().map { PlannedStep(target: $0, point: point, iteration: round, warmup: true) }
            }
            for round in 0..<iterations {
                steps += order().map { PlannedStep(target: $0, point: point, iteration: round, warmup: false) }
            }
        }
        return steps
    }

    /// `points` in groups: those `name` gives the same name for together, at the place of
    /// the first of them; a point without a name (or with no `name` at all) alone.
    public static func groups(_ points: [[String: String]], by name: (([String: String]) -> String?)?) -> [[[String: String]]] {
        var groups: [[[String: String]]] = []
        var index: [String: Int] = [:]
        for point in points {
            guard let key = name?(point) else {
                groups.append([point])
                continue
            }
            if let at = index[key] {
                groups[at].append(point)
            } else {
                index[key] = groups.count
                groups.append([point])
            }
        }
        return groups
    }
}
