import Checkpoints
import NamespaceCore

/// Where a cbench app checkpoint's network namespace goes. A move's dump (its images pass
/// through to another host) runs CRIU inside the tree's own namespace, as cbench system's does:
/// CRIU then saves nothing of it (no `ip addr/route save`, no `iptables-save`, no lock rules
/// made and removed with `iptables-restore`), and the destination restores into a namespace it
/// made and wired before the source froze (`AppRestorePreparation`). The tree's host links
/// are held down from the freeze on instead of CRIU's network lock. Any other checkpoint keeps
/// the namespace in its images, restored by CRIU as before.
enum AppCheckpointNetwork {
    /// The manifest's `extra` key, "1" when the namespace is not in the images.
    static let outsideImagesKey = "networkOutsideImages"

    /// Whether a tree launched from `spec` has a network namespace of its own that CRIU can run
    /// in: not the host's, none joined by path, no user namespace.
    static func hasOwnNamespace(_ spec: LaunchSpec) -> Bool {
        spec.namespaces.contains { $0.kind == .network && $0.path == nil } && !spec.namespaces.contains { $0.kind == .user }
    }

    /// Whether a dump with `options` of a tree launched from `spec` leaves its namespace out.
    static func dumpLeavesNamespaceOut(_ options: AppCheckpointOptions, spec: LaunchSpec) -> Bool {
        options.imagesPassThrough && (options.holdsSource || options.lazyPages != nil) && hasOwnNamespace(spec)
    }

    /// Whether the restore of these images makes the namespace (CRIU restores it otherwise).
    static func restoreMakesNamespace(_ manifest: CheckpointManifest) -> Bool {
        manifest.extra[outsideImagesKey] == "1"
    }
}
