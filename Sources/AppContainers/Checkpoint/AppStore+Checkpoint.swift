import Checkpoints

extension AppStore {
    /// A container's checkpoint: a move's images in the run root while they are there
    /// (`movingImages`), else beside its upper layer (as podman keeps it in its storage).
    public func checkpointDirectory(of id: String) -> String {
        movingImages.checkpointDirectory(of: id, stored: storedCheckpointDirectory(of: id))
    }
    /// A checkpoint that stays with the container (`checkpoint`, `restore --keep`).
    public func storedCheckpointDirectory(of id: String) -> String { "\(directory(of: id))/checkpoint" }
    /// A move's images between hosts, which only pass through: the source's dump on its way
    /// into the stream, an import's on its way into the restore (`MovingImages`).
    public var movingImages: MovingImages { MovingImages(runRoot: runRoot) }
    /// The stage of a checkpoint or restore while it runs (see `CheckpointJournal`).
    public func checkpointJournalPath(of id: String) -> String { "\(directory(of: id))/checkpoint-journal.json" }
}
