extension AppStore {
    /// A container's own checkpoint, beside its upper layer (as podman keeps it in its storage).
    public func checkpointDirectory(of id: String) -> String { "\(directory(of: id))/checkpoint" }
    /// The stage of a checkpoint or restore while it runs (see `CheckpointJournal`).
    public func checkpointJournalPath(of id: String) -> String { "\(directory(of: id))/checkpoint-journal.json" }
}
