import Checkpoints

extension SystemStore {
    /// A container's checkpoint: where a move between hosts keeps its images while it runs
    /// (`movingCheckpointDirectory`) when that is there, else beside its root (as LXD keeps a
    /// container's state).
    public func checkpointDirectory(of name: String) -> String {
        movingImages.checkpointDirectory(of: name, stored: storedCheckpointDirectory(of: name))
    }
    /// A checkpoint that stays (`checkpoint`, a move to another store of this host).
    public func storedCheckpointDirectory(of name: String) -> String { "\(directory(of: name))/checkpoint" }
    /// A move's images between hosts, which only pass through (`MovingImages`).
    public func movingCheckpointDirectory(of name: String) -> String { movingImages.directory(of: name) }
    /// Where every move's images are, beside the run root.
    public var movingImagesRoot: String { movingImages.root }
    public var movingImages: MovingImages { MovingImages(runRoot: runRoot) }
    /// Removes the images at `images` (stored or moving), and the moving directory's parents
    /// once empty (`MovingImages.remove`).
    public func removeCheckpoint(_ images: String) {
        movingImages.remove(images)
    }
    public func checkpointJournalPath(of name: String) -> String { "\(directory(of: name))/checkpoint-journal.json" }
}
