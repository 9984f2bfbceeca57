import Foundation
import NamespaceCore
import Results
import Targets

/// "Turning a container into an image, and running it elsewhere with the change": the
/// container of `PersistentRootRow` counts in a file of its root; its first run writes 1.
/// The stopped container is turned into an image with the target's own commands and carried
/// to a second store (`ImagingTarget`: cbench app commit/save/load, podman commit/save/load
/// into a second storage, docker commit/save/rmi/load, cbench system export/import into a
/// second store; LXC, which has no image, unpacks a tarball of the container in a second lxcpath), where
/// a new container from it must read that 1 and write 2. A run there without the change is
/// "not supported"; a target without images that carried the container itself is "partial";
/// an OCI runtime has no images of its own: "not applicable".
public struct ImageElsewhereRow: TargetFeatureRow {
    public init() {}

    public var key: String { "image-elsewhere" }
    public var feature: String { "image from a container, run elsewhere" }
    public var group: String { "imaging" }

    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        let missing = MissingCapability(.notApplicable, lacks: "runs the root its bundle names; it has no images of its own to make from a container",
                                        detail: "no images of its own")
        return try measure(target, as: (any ImagingTarget).self, missing: missing) { imaging in
            try PersistentRootRow.afterFirstRun(on: imaging, context: context) { original, first in
                let copyID = context.id + "-elsewhere"
                let archive = "\(context.workDirectory)/\(context.id)-image"
                defer { imaging.removeElsewhere(original, id: copyID, archive: archive) }
                let elsewhere = PersistentRootRow.shown(try imaging.runElsewhere(original, id: copyID, archive: archive))
                return judge(target: target.name, means: imaging.imageMeans, carries: imaging.carries, first: first, elsewhere: elsewhere)
            }
        }
    }

    /// The cell from the counts the original's run and the run elsewhere printed.
    func judge(target: String, means: String, carries: ImagingCarrier, first: String, elsewhere: String) -> FeatureResult {
        let evidence = ["how: \(means)", "each run: sh -c '\(PersistentRootRow.script)'", "original, first run: \(first)",
                        "new container from the image, elsewhere: \(elsewhere)"].joined(separator: "\n")
        switch (PersistentRootRow.count(in: first), PersistentRootRow.count(in: elsewhere)) {
        case (1?, 2?) where carries == .image:
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "the image made from the stopped container ran elsewhere with its change (count 1 → 2)")
        case (1?, 2?):
            return FeatureResult(feature: feature, target: target, outcome: .partial, evidence: evidence,
                                 detail: "no image of its own: the container itself was copied elsewhere and ran with its change (count 1 → 2)")
        case (1?, 1?):
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "the container made elsewhere ran without the change (count 1 again)")
        default:
            let missing = PersistentRootRow.count(in: first) == nil ? first : elsewhere
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                                 detail: "a run printed no count: \(missing.split(separator: "\n").first ?? "")")
        }
    }
}
