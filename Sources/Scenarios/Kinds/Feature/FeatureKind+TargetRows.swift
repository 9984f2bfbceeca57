import Results
import Targets

extension FeatureKind {
    /// One step per target and target row.
    func runTargetRows(_ session: ScenarioSession) {
        for row in targetRows {
            measureOnEveryTarget(session, key: row.key, feature: row.feature) { target, context in try row.measure(target, context: context) }
        }
    }

    /// One step per target measuring the row `key`; a step that fails leaves a "failed to
    /// measure" cell of `feature` with its error.
    func measureOnEveryTarget(_ session: ScenarioSession, key: String, feature: String,
                              measure: @escaping @Sendable (any ContainerTarget, TargetRowContext) throws -> FeatureResult) {
        for target in session.targets where !session.stop.isRequested {
            let step = PlannedStep(target: target.name, point: [Self.rowParameter: key], iteration: 0, warmup: false)
            let context = TargetRowContext(busyboxRootfs: busyboxRootfs, workDirectory: session.workDirectory, id: session.containerID())
            let cell = session.execute(step, target: target) { StepWork(run: { try measure(target, context) }) }
            if let cell {
                session.recorder.feature(cell)
            } else if let failure = session.recorder.failures(of: target.name).last(where: { $0.parameters[Self.rowParameter] == key }) {
                session.recorder.feature(FeatureResult(feature: feature, target: target.name, outcome: .failed,
                                                       evidence: failure.error, detail: "the step failed at \(failure.stage)"))
            }
        }
    }
}
