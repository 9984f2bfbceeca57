import Foundation
import Glibc
import Results
import Targets

/// `kind: feature`: cells of the feature matrix, judged from the probe's report inside a
/// real container of each target. `{marker}` in the command is a host file the container
/// must not see, `{loopback}` a host 127.0.0.1 service it must not reach.
public struct FeatureKind: ScenarioKind {
    public static let name = "feature"
    public static let keys = WorkloadSpec.keys.union(["probes"])
    public static let knownProbes = IsolationJudge.rows
    public static let timesSteps = false

    public var workload: WorkloadSpec
    /// The isolation rows to judge.
    public var probes: [String]

    public init(workload: WorkloadSpec, probes: [String]) {
        self.workload = workload
        self.probes = probes
    }

    public init(fields: ScenarioFields) throws {
        workload = try WorkloadSpec(fields: fields)
        probes = try fields.names("probes", known: Self.knownProbes, what: "probe") ?? []
        guard !probes.isEmpty else { throw fields.error("probes", "a feature scenario needs at least one probe") }
    }

    public var needsProbe: Bool { workload.command.first == ContainerWorkload.probeMountPoint }

    /// A system container (cbench-system) runs the probe through boot, attach and halt.
    public var requirement: TargetRequirement {
        workload.mode == .run ? workload.requirement.or(.systemContainers) : workload.requirement
    }

    static func feature(_ row: String) -> String { "\(row) isolation" }

    public func run(_ session: ScenarioSession) throws {
        for row in probes { session.recorder.define(FeatureDefinition(name: Self.feature(row), group: "isolation")) }
        let marker = "\(session.workDirectory)/host-marker"
        guard FileManager.default.createFile(atPath: marker, contents: Data("cbench host marker\n".utf8)) else {
            throw StepFailure(stage: "prepare", "create \(marker): \(String(cString: strerror(errno)))")
        }
        let loopback = LoopbackService()
        defer {
            loopback?.close()
            unlink(marker)
        }
        let judge = IsolationJudge(host: IsolationJudge.hostNamespaces(), marker: marker, loopbackService: loopback?.address)
        let placeholders = ["marker": marker, "loopback": loopback?.address ?? "127.0.0.1:9"]
        let workload = self.workload
        session.runPlan(work: { step, target in
            let container = workload.workload(at: step.point, extra: placeholders, probe: session.probe)
            return try session.containerWork(target, workload: container) { prepared in
                // A system container without a one-shot run boots, runs the probe and halts.
                try (target.operations.contains(.run) || workload.mode != .run ? workload : workload.with(mode: .bootRunHalt))
                    .execute(on: target, prepared)
            }
        }, record: { run, _, target in
            judgeOnce(run, target: target.name, judge: judge, recorder: session.recorder)
        })
        // A target whose every measured step failed has its cells marked failed, with the error.
        for target in session.targets {
            let failures = session.recorder.failures(of: target.name).filter { !$0.warmup }
            guard let failure = failures.first, !probes.contains(where: { session.recorder.hasFeature(Self.feature($0), target: target.name) }) else { continue }
            for row in probes {
                session.recorder.feature(FeatureResult(feature: Self.feature(row), target: target.name, outcome: .failed,
                                                       evidence: failure.error, detail: failure.interrupted ? "the probe container was interrupted" : "the probe container failed"))
            }
        }
    }

    /// The first measured step of a target decides its cells.
    private func judgeOnce(_ run: ContainerRun, target: String, judge: IsolationJudge, recorder: ScenarioRecorder) {
        guard !probes.contains(where: { recorder.hasFeature(Self.feature($0), target: target) }) else { return }
        let report: ProbeReport
        do {
            report = try ProbeReport.decode(run.stdout)
        } catch {
            for row in probes {
                recorder.feature(FeatureResult(feature: Self.feature(row), target: target, outcome: .failed,
                                               evidence: String(run.stdout.prefix(2000)), detail: "probe output not readable: \(error)"))
            }
            return
        }
        for row in probes { recorder.feature(judge.judge(row, report: report, target: target)) }
    }
}
