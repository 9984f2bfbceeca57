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
    public var references: ReferenceAnswers?
    /// The root a row's container uses when it names none (`busybox`).
    public var busyboxRootfs: String

    public init(workload: WorkloadSpec?, probes: [String], rows: [any ProbedFeatureRow] = [], references: ReferenceAnswers? = nil,
                busyboxRootfs: String = "") {
        self.workload = workload
        self.probes = probes
        self.rows = rows
        self.references = references
        self.busyboxRootfs = busyboxRootfs.isEmpty ? workload?.rootfs ?? "" : busyboxRootfs
    }

    public init(fields: ScenarioFields) throws {
        let probes = try fields.names("probes", known: Self.knownProbes, what: "probe") ?? []
        let rowKeys = try fields.names("rows", known: ProbedFeatureRows.keys, what: "row") ?? []
        guard !probes.isEmpty || !rowKeys.isEmpty else {
            throw fields.error("probes", "a feature scenario needs at least one probe or row (rows: \(ProbedFeatureRows.keys.joined(separator: ", ")))")
        }
        var workload: WorkloadSpec?
        if !probes.isEmpty || fields.has("workload") || fields.has("rootfs") { workload = try WorkloadSpec(fields: fields) }
        self.init(workload: workload, probes: probes, rows: rowKeys.compactMap(ProbedFeatureRows.named), references: try ReferenceAnswers.load(fields: fields),
                  busyboxRootfs: fields.busyboxRootfs)
    }

    public var needsProbe: Bool { !rows.isEmpty || workload?.command.first == ContainerWorkload.probeMountPoint }

    /// A system container (cbench-system) runs the probe through boot, attach and halt.
    public var requirement: TargetRequirement {
        let mode = workload?.mode ?? .run
        return mode == .run ? (workload?.requirement ?? .operations([.run])).or(.systemContainers) : workload?.requirement ?? .operations([.run])
    }

    public func plannedSteps(_ scenario: Scenario, targets: Int) -> Int {
        ((probes.isEmpty ? 0 : scenario.sweepPoints.count) + rows.count) * (scenario.warmup + scenario.iterations) * targets
    }

    static func feature(_ row: String) -> String { "\(row) isolation" }

    /// A row's definition: the reference answers' group and answers where they cover it.
    func definition(_ feature: String, group: String) -> FeatureDefinition {
        references?.definition(feature, fallbackGroup: group) ?? FeatureDefinition(name: feature, group: group)
    }

    public func run(_ session: ScenarioSession) throws {
        for row in probes { session.recorder.define(definition(Self.feature(row), group: "isolation")) }
        for row in rows { session.recorder.define(definition(row.feature, group: row.group)) }
        if let workload, !probes.isEmpty { try runIsolation(session, workload: workload) }
        if !rows.isEmpty { try runRows(session) }
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

    /// The step parameter naming the row a step probes.
    static let rowParameter = "row"

    private func runRows(_ session: ScenarioSession) throws {
        let dataDirectory = "\(session.workDirectory)/row-data"
        try FileIO.makeDirectories(dataDirectory, mode: 0o755)
        defer { try? FileIO.removeTree(dataDirectory) }
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
            return try session.containerWork(target, workload: container) { prepared in try Self.execute(spec, on: target, prepared) }
        }, record: { run, step, target in
            guard let row = measured.first(where: { $0.key == step.point[Self.rowParameter] }),
                  !session.recorder.hasFeature(row.feature, target: target.name) else { return }
            session.recorder.feature(ProbedFeatureRows.judge(row, output: run.stdout, target: target.name))
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
