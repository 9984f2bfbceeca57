import Checkpoints
import Results
import Targets

/// The migration kind's metrics, defined once with what each covers per target.
struct MigrationMetrics {
    let downtime: MetricDefinition
    let total: MetricDefinition
    let frozen: MetricDefinition
    let moved: MetricDefinition
    /// One per step kind: the dump as "checkpoint" and the restore as "restore" (their names
    /// before the other steps were recorded), the others as `MigrationStepKind.metricName`.
    let steps: [MigrationStepKind: MetricDefinition]

    init(targets: [any ContainerTarget]) {
        var coverage: [String: String] = [:]
        for target in targets {
            if let migrating = target as? any MigratingTarget { coverage[target.name] = migrating.migrationCoverage }
            if let lab = target as? any LabMigratingTarget {
                coverage[target.name] = "on one host: \(lab.migrationCoverage); between lab hosts (hosts=lab): \(lab.labMigrationCoverage)"
            }
        }
        downtime = MetricDefinition(name: "downtime", unit: "ms", better: .lower,
                                    description: "longest gap between UDP replies seen by a client sending every 1 ms", coverage: coverage,
                                    resolution: 1)
        total = MetricDefinition(name: "migration-total", unit: "ms", better: .lower,
                                 description: "the first step (connect, before the freeze) to the source's end", coverage: coverage)
        frozen = MetricDefinition(name: "criu-frozen", unit: "ms", better: .lower,
                                  description: "CRIU's frozen time of the dump plus its restore time (its statistics)", coverage: coverage)
        moved = MetricDefinition(name: "bytes-moved", unit: "MB", better: .lower,
                                 description: "checkpoint images copied to the destination", coverage: coverage)
        var steps: [MigrationStepKind: MetricDefinition] = [:]
        for kind in MigrationStepKind.allCases {
            steps[kind] = MetricDefinition(name: Self.metricName(kind), unit: "ms", better: .lower,
                                           description: Self.describe(kind), coverage: coverage)
        }
        self.steps = steps
    }

    static func metricName(_ kind: MigrationStepKind) -> String {
        switch kind {
        case .dump: return "checkpoint"
        case .restore: return "restore"
        default: return kind.metricName
        }
    }

    static func describe(_ kind: MigrationStepKind) -> String {
        switch kind {
        case .connect: return "before the freeze: the destination's session opened (another host's ssh and its cbench waiting for the stream)"
        case .preDump: return "pre-copy's pre-dumps while the container runs, first start to last end"
        case .dump: return "the dump step: the target's checkpoint (freeze and dump; post-copy: until the page server is ready), start to exit"
        case .transfer: return "the transfer step: the container's root, config and images to the destination"
        case .restore: return "the restore step: from its start (between hosts: from the archive all in there) until the tree runs"
        case .networkSwitch: return "the destination's gratuitous ARP for the container's addresses, after the tree runs"
        case .lazyPages: return "post-copy: from the restored tree running until its last page came from the source"
        case .finishSource: return "what is left of the source ended (post-copy: once its page server served every page)"
        }
    }

    func define(on recorder: ScenarioRecorder) {
        [downtime, total, frozen, moved].forEach(recorder.define)
        MigrationStepKind.allCases.compactMap { steps[$0] }.forEach(recorder.define)
    }

    func record(_ sample: MigrationSample, target: String, point: [String: String], on recorder: ScenarioRecorder) {
        recorder.sample(downtime, target: target, parameters: point, value: sample.downtimeMilliseconds)
        if let total = sample.run.totalMilliseconds { recorder.sample(self.total, target: target, parameters: point, value: total) }
        if let frozen = sample.run.frozenMilliseconds { recorder.sample(self.frozen, target: target, parameters: point, value: frozen) }
        recorder.sample(moved, target: target, parameters: point, value: Double(sample.run.bytesMoved) / 1e6)
        for (kind, milliseconds) in sample.run.stepMilliseconds {
            if let metric = steps[kind] { recorder.sample(metric, target: target, parameters: point, value: milliseconds) }
        }
    }
}
