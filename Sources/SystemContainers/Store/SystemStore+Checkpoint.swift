#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemStore {
    /// A container's checkpoint: where a move between hosts keeps its images while it runs
    /// (`movingCheckpointDirectory`) when that is there, else beside its root (as LXD keeps a
    /// container's state).
    public func checkpointDirectory(of name: String) -> String {
        let moving = movingCheckpointDirectory(of: name)
        return access(moving, F_OK) == 0 ? moving : storedCheckpointDirectory(of: name)
    }
    /// A checkpoint that stays (`checkpoint`, a move to another store of this host).
    public func storedCheckpointDirectory(of name: String) -> String { "\(directory(of: name))/checkpoint" }
    /// A move's images between hosts, which only pass through (the source's dump on its way
    /// into the stream, the destination's import on its way into the restore): in the run
    /// root, a tmpfs, so the frozen window makes no file on the store's file system. On this
    /// host's ext4 (no journal) each new inode walks past every one deleted in the last
    /// minutes (`recently_deleted`): 13-35 ms for each end's images in mig12n's profiles
    /// (01:00 UTC), more the more files earlier runs had removed.
    public func movingCheckpointDirectory(of name: String) -> String { "\(movingImagesRoot)/\(name)" }
    /// Where every move's images are, beside the run root.
    public var movingImagesRoot: String { runRoot + "-images" }
    /// Removes the images at `images` (stored or moving); a moving directory's parent goes
    /// once empty, and the run root and the project's run directory with it, as the last
    /// state directory's removal leaves them (`cbench cleanup --check` counts them otherwise).
    public func removeCheckpoint(_ images: String) {
        try? FileIO.removeTree(images)
        ProjectDirectories.removeIfEmpty([movingImagesRoot, runRoot])
    }
    public func checkpointJournalPath(of name: String) -> String { "\(directory(of: name))/checkpoint-journal.json" }
}
