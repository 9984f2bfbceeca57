import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// `kind: feature`: cells of the feature matrix, judged from the probe's report inside a
/// real container of each target. `probes` are the isolation rows, all judged from one
/// container of the scenario's `workload` (`{marker}` in the command is a host file the
/// container must not see, `{loopback}` a host 127.0.0.1 service it must not reach); `rows`
/// are further rows (`ProbedFeatureRows`), each with a container of its own. `references`
/// names a file of published answers (`Scenarios/article-2015.yaml`) set beside the cells.
public struct FeatureKind: ScenarioKind {
    public static let name = "feature"
    public static let keys = WorkloadSpec.keys.union(["probes", "rows", "references"])
    public static let knownProbes = IsolationJudge.rows
    public static let timesSteps = false

    /// The isolation probes' container; nil for a scenario of `rows` only.
    public var workload: WorkloadSpec?
    /// The isolation rows to judge.
    public var probes: [String]
    /// The further rows, each probed in a container of its own.
    public var rows: [any ProbedFeatureRow]
    /// Rows decided by the targets' own operations (`TargetFeatureRows`), a step per target.
    public var targetRows: [any TargetFeatureRow]
    public var references: ReferenceAnswers?
    /// The root a row's container uses when it names none (`busybox`).
    public var busyboxRootfs: String

    public init(workload: WorkloadSpec?, probes: [String], rows: [any ProbedFeatureRow] = [],
                references: ReferenceAnswers? = nil, busyboxRootfs: String = "", targetRows: [any TargetFeatureRow] = []) {
        self.workload = workload
        self.probes = probes
        self.rows = rows
        self.targetRows = targetRows
        self.references = references
        self.busyboxRootfs = busyboxRootfs.isEmpty ? workload?.rootfs ?? "" : busyboxRootfs
    }

    public init(fields: ScenarioFields) throws {
        let probes = try fields.names("probes", known: Self.knownProbes, what: "probe") ?? []
        let rowKeys = try fields.names("rows", known: Self.knownRows, what: "row") ?? []
        guard !probes.isEmpty || !rowKeys.isEmpty else {
            throw fields.error("probes", "a feature scenario needs at least one probe or row (rows: \(Self.knownRows.joined(separator: ", ")))")
        }
        var workload: WorkloadSpec?
        if !probes.isEmpty || fields.has("workload") || fields.has("rootfs") { workload = try WorkloadSpec(fields: fields) }
        self.init(workload: workload, probes: probes, rows: rowKeys.compactMap(ProbedFeatureRows.named),
                  references: try ReferenceAnswers.load(fields: fields),
                  busyboxRootfs: fields.busyboxRootfs, targetRows: rowKeys.compactMap(TargetFeatureRows.named))
    }

    public static var knownRows: [String] { ProbedFeatureRows.keys + TargetFeatureRows.keys }

    public var needsProbe: Bool { !rows.isEmpty || workload?.command.first == ContainerWorkload.probeMountPoint }

    /// A system container (cbench-system) runs the probe through boot, attach and halt.
    public var requirement: TargetRequirement {
        let mode = workload?.mode ?? .run
        return mode == .run ? (workload?.requirement ?? .operations([.run])).or(.systemContainers) : workload?.requirement ?? .operations([.run])
    }

    public func plannedSteps(_ scenario: Scenario, targets: Int) -> Int {
        ((probes.isEmpty ? 0 : scenario.sweepPoints.count) + rows.count) * (scenario.warmup + scenario.iterations) * targets
            + targetRows.count * targets
    }

    static func feature(_ row: String) -> String { "\(row) isolation" }

    /// A row's definition: the reference answers' group and answers where they cover it.
    func definition(_ feature: String, group: String) -> FeatureDefinition {
        references?.definition(feature, fallbackGroup: group) ?? FeatureDefinition(name: feature, group: group)
    }

    public func run(_ session: ScenarioSession) throws {
        for row in probes { session.recorder.define(definition(Self.feature(row), group: "isolation")) }
        for row in rows { session.recorder.define(definition(row.feature, group: row.group)) }
        for row in targetRows { session.recorder.define(definition(row.feature, group: row.group)) }
        if let workload, !probes.isEmpty { try runIsolation(session, workload: workload) }
        if !rows.isEmpty { try runRows(session) }
        if !targetRows.isEmpty { runTargetRows(session) }
    }

    /// How a target runs a probe container: a system container without a one-shot run
    /// boots, runs the probe and halts.
    static func execute(_ spec: WorkloadSpec, on target: any ContainerTarget, _ prepared: PreparedContainer) throws -> ContainerRun {
        try (target.operations.contains(.run) || spec.mode != .run ? spec : spec.with(mode: .bootRunHalt)).execute(on: target, prepared)
    }

    private func runIsolation(_ session: ScenarioSession, workload: WorkloadSpec) throws {
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
        session.runPlan(work: { step, target in
            let container = workload.workload(at: step.point, extra: placeholders, probe: session.probe)
            return try session.containerWork(target, workload: container) { prepared in try Self.execute(workload, on: target, prepared) }
        }, record: { run, _, target in
            judgeOnce(run, target: target.name, judge: judge, recorder: session.recorder)
        })
        // A target whose every measured step failed has its cells marked failed, with the error.
        for target in session.targets {
            let failures = session.recorder.failures(of: target.name).filter { !$0.warmup && $0.parameters[Self.rowParameter] == nil }
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
