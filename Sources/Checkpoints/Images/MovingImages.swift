#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Where a move between hosts keeps a container's images while they only pass through (the
/// source's dump on its way into the stream, the destination's import on its way into the
/// restore): beside the store's run root (`RUN-images/KEY`), a tmpfs on a lab host, so the frozen
/// window makes no file on the store's file system. On this host's ext4 (no journal) each new
/// inode walks past every one deleted in the last minutes (`recently_deleted`): 13-35 ms for
/// each end's images in mig12n's profiles (01:00 UTC), more the more files earlier runs had
/// removed. Both modes' stores keep a move's images here.
public struct MovingImages: Sendable, Equatable {
    /// The store's run root.
    public let runRoot: String

    public init(runRoot: String) {
        self.runRoot = runRoot
    }

    /// Where every move's images of the store are.
    public var root: String { runRoot + "-images" }

    public func directory(of key: String) -> String { "\(root)/\(key)" }

    /// The moving directory of `key` while it is there, else `stored`: a restore, an export and
    /// the statistics read whichever holds the checkpoint.
    public func checkpointDirectory(of key: String, stored: String) -> String {
        let moving = directory(of: key)
        return access(moving, F_OK) == 0 ? moving : stored
    }

    /// Removes `images` (stored or moving); the moving images' parent goes once empty, and the
    /// run root and the project's run directory with it, as the last state directory's removal
    /// leaves them (`cbench cleanup --check` counts them otherwise).
    public func remove(_ images: String) {
        try? FileIO.removeTree(images)
        ProjectDirectories.removeIfEmpty([root, runRoot])
    }
}
