/// Carries out migration steps between a source and a destination (one host now; lab hosts
/// over the underlay later). Each call returns when its step is done or throws.
public protocol MigrationExecutor {
    func perform(_ step: MigrationStep, imagePath: String) throws -> MigrationStepReport
}

extension MigrationMachine {
    /// Runs the machine to its end with `executor`; returns the outcome and the steps taken.
    /// `willPerform` sees each step first (a journal records it, so a killed run can resume).
    public mutating func run(with executor: some MigrationExecutor,
                             willPerform: (MigrationStep) throws -> Void = { _ in }) -> MigrationOutcome {
        while let step = nextStep() {
            do {
                try willPerform(step)
                succeeded(step, report: try executor.perform(step, imagePath: imagePath))
            } catch let failure as MigrationStepFailure {
                failed(step, reason: "\(failure.reason)", leaving: failure.source)
            } catch {
                failed(step, reason: "\(error)")
            }
        }
        return outcome ?? .migrated
    }
}
