import Foundation
import NamespaceCore
import Results
import Targets

/// The rows beyond isolation: each probed row in a container of its own on every target.
extension FeatureKind {
    /// The step parameter naming the row a step probes.
    static let rowParameter = "row"

    func runRows(_ session: ScenarioSession) throws {
        let dataDirectory = "\(session.workDirectory)/row-data"
        try FileIO.makeDirectories(dataDirectory, mode: 0o755)
        defer {
            for row in rows { row.finish() }
            try? FileIO.removeTree(dataDirectory)
        }
        guard let probe = session.probe else { throw StepFailure(stage: "prepare", "no probe to run the rows with (make probe)") }
        do {
            try FileManager.default.copyItem(atPath: probe, toPath: "\(dataDirectory)/cbench-probe")
        } catch {
            throw StepFailure(stage: "prepare", "copy the probe \(probe) to \(dataDirectory): \(error)")
        }
        let progress = session.progress
        let setup = FeatureRowSetup(dataDirectory: dataDirectory, busyboxRootfs: busyboxRootfs, note: { progress.note($0) })
        var containers: [String: ContainerWorkload] = [:]
        for row in rows {
            do {
                containers[row.key] = try row.container(setup)
            } catch {
                for target in session.targets {
                    session.recorder.feature(FeatureResult(feature: row.feature, target: target.name, outcome: .failed,
                                                           evidence: String(describing: error), detail: "the row's container could not be made"))
                }
            }
        }
        let measured = rows.filter { containers[$0.key] != nil }
        session.runPlan(points: measured.map { [Self.rowParameter: $0.key] }, work: { step, target in
            guard let key = step.point[Self.rowParameter], let container = containers[key] else {
                throw StepFailure(stage: "prepare", "no container for row \(step.point[Self.rowParameter] ?? "?")")
            }
            let spec = WorkloadSpec(rootfs: container.rootfs, command: container.args)
            let watches = measured.first { $0.key == key }?.watchesCgroup ?? false
            return try session.containerWork(target, workload: container) { prepared in
                let execute = { try Self.execute(spec, on: target, prepared) }
                return watches ? try ThrottlingWatch.watching(target, prepared, execute) : WatchedRun(run: try execute(), host: HostSide())
            }
        }, record: { watched, step, target in
            guard let row = measured.first(where: { $0.key == step.point[Self.rowParameter] }),
                  !session.recorder.hasFeature(row.feature, target: target.name) else { return }
            session.recorder.feature(ProbedFeatureRows.judge(row, output: watched.run.stdout, host: watched.host, target: target.name))
        })
        // A row whose measured steps on a target all failed is "failed to measure", with the error.
        for row in measured {
            for target in session.targets where !session.recorder.hasFeature(row.feature, target: target.name) {
                guard let failure = session.recorder.failures(of: target.name)
                    .first(where: { !$0.warmup && $0.parameters[Self.rowParameter] == row.key }) else { continue }
                session.recorder.feature(FeatureResult(feature: row.feature, target: target.name, outcome: .failed, evidence: failure.error,
                                                       detail: "the probe container " + (failure.interrupted ? "was interrupted" : "failed at \(failure.stage)")))
            }
        }
    }
}
