/// A kind of scenario (the `kind:` of a scenario file): it reads its own keys, says what a
/// target needs to take part, and runs a scenario through the session the runner hands it.
/// Every kind shares the runner, the results model and the report path; a new kind is one
/// type here plus one line in `ScenarioKinds.registered` (Scenarios/README.md tells how).
public protocol ScenarioKind: Sendable {
    /// The `kind:` value, e.g. `performance`.
    static var name: String { get }
    /// Keys this kind reads beyond `ScenarioParser.commonKeys`; any other key is rejected
    /// with its file and line before anything runs.
    static var keys: Set<String> { get }
    /// Reads and checks this kind's keys. Report a problem with `fields.error(key, ...)`,
    /// which carries the file, line and key path.
    init(fields: ScenarioFields) throws
    /// What a target needs to take part. A target without it is left out of a scenario
    /// that names no targets, and is a skipped cell with the reason when it is named.
    var requirement: TargetRequirement { get }
    /// Whether its workload runs the probe (then a run without a probe stops before it starts).
    var needsProbe: Bool { get }
    /// Whether its numbers are timings (the runner then measures its own cost first, with
    /// the no-op target); feature scenarios judge, they do not time.
    static var timesSteps: Bool { get }
    /// Targets that take part in every scenario of the kind, named or not, because its
    /// results are ratios to them (the bare host of `overhead`); none by default.
    static var baselines: [String] { get }
    /// How many progress steps the scenario takes on `targets` targets; the default is the
    /// step plan's count (sweep points × (warm-ups + iterations) × targets).
    func plannedSteps(_ scenario: Scenario, targets: Int) -> Int
    /// Runs the scenario: samples, failures, feature cells, notes and tables go to
    /// `session.recorder`. An error thrown here ends this scenario only and is recorded as
    /// a failure of every target that took part.
    func run(_ session: ScenarioSession) throws
}

extension ScenarioKind {
    public static var timesSteps: Bool { true }
    public var needsProbe: Bool { false }
    public static var baselines: [String] { [] }

    public func plannedSteps(_ scenario: Scenario, targets: Int) -> Int {
        scenario.sweepPoints.count * (scenario.warmup + scenario.iterations) * targets
    }
}
