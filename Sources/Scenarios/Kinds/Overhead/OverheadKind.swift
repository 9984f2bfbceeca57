import Foundation
import NamespaceCore
import Results
import Targets

/// `kind: overhead`: what running inside each kind of container costs a workload. Every
/// workload (cpu, system calls under the target's default seccomp filter and with none,
/// memory, process creation, file I/O on the container's root, a bind mount, a named volume
/// and a tmpfs) runs in every target and on the bare host (`host`, the baseline), one
/// container per step, interleaved with warm-ups, each round in an order of its own. Each
/// run is held at a gate until its perf counters are open on its cgroup (or, outside any
/// cgroup of its own, its process tree), so the counters hold the workload and none of the
/// runtime's start-up. The report
/// divides each target's results by the host's (`OverheadSection`).
public struct OverheadKind: ScenarioKind {
    public static let name = "overhead"
    public static let keys: Set<String> = ["workloads", "storage", "scale"]
    public static let baselines = [HostBaselineTarget.targetName]

    public var workloads: [String]
    public var storage: [FioStorage]
    public var amounts: WorkloadAmounts
    /// The containers' root: the busybox root `make setup` builds (or CBENCH_BUSYBOX_ROOTFS).
    public var rootfs: String

    public init(rootfs: String, workloads: [String] = OverheadWorkload.names, storage: [FioStorage] = FioStorage.allCases,
                scale: Double = 1) {
        self.rootfs = rootfs
        self.workloads = workloads
        self.storage = storage
        amounts = WorkloadAmounts(scale: scale)
    }

    public init(fields: ScenarioFields) throws {
        rootfs = fields.busyboxRootfs
        workloads = try fields.names("workloads", known: OverheadWorkload.names, what: "workload") ?? OverheadWorkload.names
        storage = try fields.names("storage", known: FioStorage.allCases.map(\.rawValue), what: "storage")?
            .compactMap(FioStorage.init(rawValue:)) ?? FioStorage.allCases
        let scale = try fields.number("scale") ?? 1
        guard scale > 0, scale <= 100 else { throw fields.error("scale", "must be above 0 and at most 100 (1 is the full amount)") }
        amounts = WorkloadAmounts(scale: scale)
    }

    /// The host's transparent huge page settings, recorded with the results.
    static let memorySettings = [("transparent hugepages", "/sys/kernel/mm/transparent_hugepage/enabled"),
                                 ("transparent hugepage defrag", "/sys/kernel/mm/transparent_hugepage/defrag")]

    public var requirement: TargetRequirement {
        .capability((any MeasuredWorkloadTarget).self, "measured workloads (MeasuredWorkloadTarget)")
    }

    public var points: [OverheadWorkload] { OverheadWorkload.points(names: workloads, storage: storage) }

    public func plannedSteps(_ scenario: Scenario, targets: Int) -> Int {
        points.count * (scenario.warmup + scenario.iterations) * targets
    }

    public func run(_ session: ScenarioSession) throws {
        guard session.targets.contains(where: { $0 is HostBaselineTarget }) else {
            throw StepFailure(stage: "overhead", "the bare host (target host) is not available: there is nothing to divide by")
        }
        guard let work = CompanionLocator.work().locate() else {
            throw StepFailure(stage: "overhead", "cbench-work was not found: build it with make probe (Scripts/build-probe) or set CBENCH_WORK")
        }
        let tools = points.contains(where: { $0 == .cpu || $0.storage != nil })
            ? try ToolBundle.make(tools: ["sysbench", "fio"], in: "\(session.workDirectory)/tools") : nil
        let runner = OverheadStep(session: session, rootfs: rootfs, work: work, tools: tools, amounts: amounts)
        for storage in storage where points.contains(.fileIO(storage)) {
            if let note = FioJob.note(on: storage) { session.recorder.note(target: nil, .info, note) }
        }
        // The memory workload runs with huge pages as the host has them: say how that is.
        for (key, path) in Self.memorySettings {
            if let value = HostRoot.system.readValue(path) { session.recorder.version(key, value) }
        }
        for target in session.targets {
            guard let measured = target as? any MeasuredWorkloadTarget else { continue }
            let traits = measured.workloadTraits
            session.recorder.note(target: target.name, .info, "root: \(traits.root); default seccomp filter: \(traits.defaultFilter ?? "none")"
                + (traits.namedVolumes || target is HostBaselineTarget ? "" : "; no named volumes, so no volume workload"))
        }
        // The system calls with the default filter and with none run side by side in each
        // round: the filter's cost is their difference, which drift between two phases swamped.
        session.runPlan(points: points.map(\.parameters), shuffleSeed: Statistics.defaultSeed,
                        group: { $0["workload"] == "syscalls" ? "syscalls" : nil }, includes: { step, target in
            guard OverheadWorkload(parameters: step.point)?.storage == .volume else { return true }
            return target is HostBaselineTarget || (target as? any MeasuredWorkloadTarget)?.workloadTraits.namedVolumes == true
        }, work: { step, target in
            guard let workload = OverheadWorkload(parameters: step.point), let measured = target as? any MeasuredWorkloadTarget else {
                throw StepFailure(stage: "prepare", "\(target.name) cannot run \(SeriesKey.label(step.point))")
            }
            return try runner.work(workload, on: measured)
        }, record: { sample, step, target in
            for (metric, value) in sample.results {
                session.recorder.sample(metric, target: target.name, parameters: step.point, value: value)
            }
            for (metric, value) in sample.counters.sorted(by: { $0.key < $1.key }) {
                session.recorder.sample(OverheadMetrics.counter(metric, target: target.name, coverage: sample.countedBy),
                                        target: target.name, parameters: step.point, value: value)
            }
            for (metric, reason) in sample.unsupported { session.recorder.version("perf:\(metric)", "unsupported: \(reason)") }
        })
    }
}
