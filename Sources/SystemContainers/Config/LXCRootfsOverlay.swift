#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// An overlay root in LXC's syntax, `overlay:LOWER:UPPER` (or `overlayfs:`): the container
/// sees LOWER, shared and never written, and its own changes land in UPPER. As LXC does, the
/// overlay's work directory is `olwork` beside UPPER.
public struct LXCRootfsOverlay: Sendable, Equatable {
    public var lower: String
    public var upper: String

    public init(lower: String, upper: String) {
        self.lower = lower
        self.upper = upper
    }

    /// Nil for a value that is not an overlay; an error for one that is malformed.
    public init?(parsing value: String) throws(CoreError) {
        guard let prefix = ["overlay:", "overlayfs:"].first(where: { value.hasPrefix($0) }) else { return nil }
        let paths = value.dropFirst(prefix.count).split(separator: ":").map(String.init)
        guard paths.count == 2, paths.allSatisfy({ $0.hasPrefix("/") && !$0.contains(",") }) else {
            throw CoreError(stage: "lxc.rootfs.path", errno: EINVAL,
                            detail: "'\(value)' is not overlay:LOWER:UPPER with two absolute paths (no ',' or ':' in them)")
        }
        self.init(lower: paths[0], upper: paths[1])
    }

    public var work: String {
        let parent = upper.split(separator: "/").dropLast().joined(separator: "/")
        return "/" + parent + (parent.isEmpty ? "" : "/") + "olwork"
    }

    /// The config line.
    public var configValue: String { "overlay:\(lower):\(upper)" }
}

extension LXCConfig {
    /// Clone, snapshot, restore and export copy a directory root; an overlay root has none.
    func requireCopyableRoot(of name: String, stage: String) throws(CoreError) {
        guard let overlay = rootfsOverlay else { return }
        throw CoreError(stage: "\(stage) \(name)", errno: EINVAL,
                        detail: "its root is an overlay over \(overlay.lower) (create --snapshot); \(stage) works on containers with a copied root")
    }
}
