import Foundation
import NamespaceCore
import Results
import Targets

/// "Snapshots and clones": a new container made from a stopped one runs with the original's
/// root, and a change in the clone does not show in the original. The container of
/// `PersistentRootRow` counts in a file of its root: the original's first run writes 1; the
/// clone (`CloningTarget`: cbench system clone, lxc-copy -s, commit and create for the
/// engines) must read that 1 and write 2; the original started again must read its own 1
/// (and write 2), not the clone's 2. An OCI runtime runs the bundle it is given and has no
/// clone of its own: "not applicable".
public struct SnapshotCloneRow: TargetFeatureRow {
    public init() {}

    public var key: String { "snapshots-clones" }
    public var feature: String { "snapshots and clones" }
    public var group: String { "system containers" }

    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        let missing = MissingCapability(.notApplicable, lacks: "runs the root it is given; it has no clone or snapshot of a container",
                                        detail: "no containers of its own to clone")
        return try measure(target, as: (any CloningTarget).self, missing: missing) { cloning in
            try PersistentRootRow.afterFirstRun(on: cloning, context: context) { original, first in
                let clone = try cloning.clone(original, id: context.id + "-clone")
                defer { cloning.removeClone(clone) }
                let cloned = PersistentRootRow.shown(try cloning.runAgain(clone))
                let again = PersistentRootRow.shown(try cloning.runAgain(original))
                return judge(target: target.name, means: cloning.cloneMeans, first: first, clone: cloned, originalAgain: again)
            }
        }
    }

    /// The cell from the counts the original's first run, the clone's run and the original's
    /// second run printed.
    func judge(target: String, means: String, first: String, clone: String, originalAgain: String) -> FeatureResult {
        let evidence = ["how: \(means)", "each run: sh -c '\(PersistentRootRow.script)'", "original, first run: \(first)",
                        "clone of the stopped original: \(clone)", "original, started again after the clone ran: \(originalAgain)"]
            .joined(separator: "\n")
        let counts = (PersistentRootRow.count(in: first), PersistentRootRow.count(in: clone), PersistentRootRow.count(in: originalAgain))
        switch counts {
        case (1?, 2?, 2?):
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "the clone ran with the original's root (count 1 → 2) and its change did not show in the original")
        case (1?, _, 3?):
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "the clone's change showed in the original (count 3): they share one root")
        case (1?, 1?, _):
            return FeatureResult(feature: feature, target: target, outcome: .partial, evidence: evidence,
                                 detail: "the clone runs, but without the original's root (count 1 again)")
        default:
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                                 detail: "a run printed no count: \((counts.0 == nil ? first : counts.1 == nil ? clone : originalAgain).split(separator: "\n").first ?? "")")
        }
    }
}
