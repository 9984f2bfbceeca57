import Foundation
import Synchronization
import NamespaceCore

/// The images a podman or Docker target imported from root file systems during one run:
/// imported once per root file system (outside the timed part, on first `prepare`) and
/// removed together when the target finishes.
final class ImportedImages: Sendable {
    private let references = Mutex<[String: String]>([:])
    private let prefix: String

    /// `prefix` names the images, e.g. `cbench-<run>-podman-crun`; a counter follows it.
    init(prefix: String) {
        self.prefix = prefix
    }

    /// The image of `rootfs`, imported by `importer(tarball, reference)` the first time. The
    /// tarball of the root is written under `scratch` and removed after the import.
    func reference(for rootfs: String, scratch: String, importer: (_ tarball: String, _ reference: String) throws -> Void) throws -> String {
        try references.withLock { known -> String in
            if let reference = known[rootfs] { return reference }
            let reference = "\(prefix)-\(known.count + 1)"
            let tarball = "\(scratch)/\(reference.replacingOccurrences(of: "/", with: "-")).tar"
            defer { unlink(tarball) }
            try RealTargetSupport.checked(["tar", "-C", rootfs, "-cf", tarball, "."], stage: "pack \(rootfs) for import")
            try importer(tarball, reference)
            known[rootfs] = reference
            return reference
        }
    }

    /// Forgets every image, handing each to `remove`.
    func removeAll(_ remove: (String) -> Void) {
        let all = references.withLock { known -> [String] in
            defer { known = [:] }
            return Array(known.values)
        }
        all.forEach(remove)
    }

    var isEmpty: Bool { references.withLock { $0.isEmpty } }
}

/// A target that keeps something for a whole run (imported images, a daemon it started).
/// The runner calls `finish()` after the target's last step; the target also calls it when
/// it is released, so nothing outlives the run even when a caller does not know this protocol.
public protocol RunScopedTarget: ContainerTarget {
    /// Removes what the target kept for the run. Idempotent; never throws.
    func finish()
}
