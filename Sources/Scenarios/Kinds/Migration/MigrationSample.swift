import Foundation
import Checkpoints
import Results
import Targets

/// What one migration gave: the client's downtime, the migration's own times and bytes, and
/// the state checks.
public struct MigrationSample: Sendable, Equatable {
    public var downtimeMilliseconds: Double
    public var run: MigrationRun
    /// Datagrams sent without a reply (during the downtime, mostly).
    public var lost: UInt64
    /// The service's counter in the last reply before the longest gap and the first after it.
    public var counterBefore: UInt64
    public var counterAfter: UInt64
    public var tcpSurvived: Bool?

    static let columns = ["target", "strategy", "hosts", "MB touched", "downtime ms", "total ms", "CRIU frozen+restore ms",
                          "MB moved", "datagrams lost", "counter before → after", "memory checksum", "TCP connection"]
    static let tableNote = """
        Downtime: the longest gap between two replies the client saw (a datagram every 1 ms), on this host, or on a third \
        lab host for moves between lab hosts. \
        Total: the migration's steps from the first dump to the end of the source. CRIU: the dump's frozen time plus \
        the restore time from CRIU's statistics. MB moved: the checkpoint images copied (the rootfs copy is in the \
        time, not in the bytes). A migration whose state check failed is a failure, not a row.
        """

    func row(target: String, strategy: MigrationStrategy, hosts: MigrationHosts, megabytes: Int) -> [ResultValue] {
        [.text(target), .text(strategy.rawValue), .text(hosts == .lab ? "lab1 → lab2" : "one"), .number(Double(megabytes)), .number(downtimeMilliseconds),
         .number(run.totalMilliseconds ?? 0), run.frozenMilliseconds.map { .number($0) } ?? .text("n/a"),
         .number(Double(run.bytesMoved) / 1e6), .number(Double(lost)), .text("\(counterBefore) → \(counterAfter)"),
         .text("intact"), .text(tcpSurvived.map { $0 ? "survived" : "lost" } ?? "not asked")]
    }
}

/// The migration kind's metrics, defined once with what each covers per target.
struct MigrationMetrics {
    let downtime: MetricDefinition
    let total: MetricDefinition
    let frozen: MetricDefinition
    let moved: MetricDefinition
    /// The migration's own "dump" and "restore" steps as the harness timed them (the
    /// target's commands, start to exit): checkpoint and restore time without the network.
    let dump: MetricDefinition
    let restore: MetricDefinition

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
                                 description: "first dump to the source's end", coverage: coverage)
        frozen = MetricDefinition(name: "criu-frozen", unit: "ms", better: .lower,
                                  description: "CRIU's frozen time of the dump plus its restore time (its statistics)", coverage: coverage)
        moved = MetricDefinition(name: "bytes-moved", unit: "MB", better: .lower,
                                 description: "checkpoint images copied to the destination", coverage: coverage)
        dump = MetricDefinition(name: "checkpoint", unit: "ms", better: .lower,
                                description: "the dump step: the target's checkpoint command (freeze and dump), start to exit", coverage: coverage)
        restore = MetricDefinition(name: "restore", unit: "ms", better: .lower,
                                   description: "the restore step: the target's restore command, start to exit", coverage: coverage)
    }

    func define(on recorder: ScenarioRecorder) {
        [downtime, total, frozen, moved, dump, restore].forEach(recorder.define)
    }

    func record(_ sample: MigrationSample, target: String, point: [String: String], on recorder: ScenarioRecorder) {
        recorder.sample(downtime, target: target, parameters: point, value: sample.downtimeMilliseconds)
        if let total = sample.run.totalMilliseconds { recorder.sample(self.total, target: target, parameters: point, value: total) }
        if let frozen = sample.run.frozenMilliseconds { recorder.sample(self.frozen, target: target, parameters: point, value: frozen) }
        recorder.sample(moved, target: target, parameters: point, value: Double(sample.run.bytesMoved) / 1e6)
        for (metric, step) in [(dump, "dump"), (restore, "restore")] {
            if let phase = sample.run.phases.first(where: { $0.name == step }) {
                recorder.sample(metric, target: target, parameters: point, value: phase.milliseconds)
            }
        }
    }
}
