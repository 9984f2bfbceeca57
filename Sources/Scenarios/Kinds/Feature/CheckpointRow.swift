import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// "Checkpoint/restore on one host", and "live migration" measured the same way until a
/// migration scenario decides that row (migration-lab.yaml moves cbench-system and cbench-app
/// between lab hosts; the feature row does not read it yet). Through the target's
/// `CheckpointingTarget` conformance: a busybox shell counts ten times a second; after the
/// checkpoint it must run no more, after the restore it must go on from its count (its memory
/// and files came back). A target that says it cannot (crun without CRIU, cbench-oci) is "not
/// supported" with its reason; one without the conformance has no checkpoint at all.
public struct CheckpointRow: TargetFeatureRow {
    /// The row a measurement decides: the article's "live migration", or checkpoint and
    /// restore on one host.
    public enum Scope: Sendable {
        case liveMigration, oneHost
    }

    public var scope: Scope

    public init(_ scope: Scope = .liveMigration) {
        self.scope = scope
    }

    public static let key = "live-migration"
    public static let feature = "live migration"
    public var key: String { scope == .liveMigration ? Self.key : "checkpoint-restore" }
    public var feature: String { scope == .liveMigration ? Self.feature : "checkpoint/restore on one host" }
    public var group: String { "migration" }
    /// How long the counter may take to reach `counted` and to count on after the restore.
    static let waitSeconds = 15.0
    static let counted = 15

    /// The cell of `target`, measured; the work directory holds the checkpoint images.
    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        try measure(target, as: (any CheckpointingTarget).self,
                    missing: MissingCapability(.notSupported, lacks: "has no checkpoint or restore operation", detail: "no checkpoint/restore in \(target.name)")) { checkpointing in
            var cell = try Self.measure(checkpointing, rootfs: context.busyboxRootfs, workDirectory: context.workDirectory, id: context.id)
            cell.feature = feature
            return cell
        }
    }

    static func measure(_ checkpointing: any CheckpointingTarget, rootfs: String, workDirectory: String, id: String) throws -> FeatureResult {
        let target = checkpointing
        if case .unsupported(let reason) = checkpointing.checkpointSupport() {
            return FeatureResult(feature: feature, target: target.name, outcome: .notSupported, evidence: reason, detail: reason)
        }
        let images = "\(workDirectory)/\(id)-images"
        let container = try checkpointing.prepareCheckpointable(CheckpointCounter.workload(rootfs: rootfs), id: id)
        defer {
            checkpointing.cleanup(container)
            try? FileIO.removeTree(images)
        }
        _ = try checkpointing.startCheckpointable(container)
        let firstPid = try checkpointing.initPid(container)
        guard let before = CheckpointCounter.poll(seconds: waitSeconds, { CheckpointCounter.read(initPid: firstPid) }, until: { $0 >= counted }), before >= counted else {
            throw StepFailure(stage: "count", "the counter in \(target.name) did not reach \(counted) within \(Int(waitSeconds)) s")
        }
        let checkpoint: Phase
        do {
            checkpoint = try checkpointing.checkpoint(container, to: images)
        } catch {
            return refused("checkpoint", error, target: target.name, images: images)
        }
        let stillRuns = CheckpointCounter.read(initPid: firstPid)
        let restore: Phase
        do {
            restore = try checkpointing.restore(container, from: images)
        } catch {
            return refused("restore", error, target: target.name, images: images)
        }
        let restoredPid = try checkpointing.initPid(container)
        let after = CheckpointCounter.poll(seconds: waitSeconds, { CheckpointCounter.read(initPid: restoredPid) }, until: { _ in true })
        let later = after.flatMap { first in CheckpointCounter.poll(seconds: waitSeconds, { CheckpointCounter.read(initPid: restoredPid) }, until: { $0 > first }) }
        _ = try? checkpointing.stopRestored(container)
        return judge(target: target.name, before: before, stillRunning: stillRuns != nil, after: after, later: later,
                     checkpointMs: checkpoint.milliseconds, restoreMs: restore.milliseconds)
    }

    /// The verdict from what the counter showed around the checkpoint and the restore.
    static func judge(target: String, before: Int, stillRunning: Bool, after: Int?, later: Int?,
                      checkpointMs: Double, restoreMs: Double) -> FeatureResult {
        let evidence = """
            on one host: checkpoint and restore of a busybox shell counting ten times a second
            count before the checkpoint: \(before)
            after the checkpoint: \(stillRunning ? "the container still ran" : "the container ran no more")
            after the restore: \(after.map { "count \($0)" } ?? "no count"), then \(later.map { "\($0)" } ?? "no further count")
            checkpoint \(String(format: "%.0f", checkpointMs)) ms, restore \(String(format: "%.0f", restoreMs)) ms
            """
        guard !stillRunning, let after, after >= before, let later, later > after else {
            let missing = stillRunning ? "the container kept running through its checkpoint"
                : after.map { $0 < before ? "the count restarted (\($0) < \(before)): the state did not come back" : "the restored counter did not count on" }
                ?? "the restored container did not count"
            return FeatureResult(feature: feature, target: target, outcome: .partial, evidence: evidence, detail: missing)
        }
        return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                             detail: "checkpoint and restore on one host: the count went on from \(before) to \(later)")
    }

    /// A checkpoint or restore that failed on a target that says it can: failed to measure,
    /// with the error and the end of CRIU's log (it may be this host, not the target).
    static func refused(_ stage: String, _ error: any Error, target: String, images: String) -> FeatureResult {
        let log = (try? FileIO.read("\(images)/\(stage == "checkpoint" ? "dump" : "restore").log", limit: 4000))
            .map { String(decoding: $0, as: UTF8.self).split(separator: "\n").suffix(8).joined(separator: "\n") } ?? ""
        return FeatureResult(feature: feature, target: target, outcome: .failed,
                             evidence: "\(stage): \(error)" + (log.isEmpty ? "" : "\nlast lines of the CRIU log:\n\(log)"),
                             detail: "the \(stage) failed: \(String(describing: error).split(separator: "\n").first ?? "")")
    }
}
