#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The stage a checkpoint or restore has reached, written before each step that cannot be
/// undone by simply stopping (the dump, the restore), so that after a kill -9 of cbench the
/// next command knows what is left: a source still running (maybe frozen), a finished
/// checkpoint to restore from, or a half restore to remove.
public struct CheckpointJournal: Sendable, Equatable, Codable {
    public enum Stage: String, Sendable, Codable {
        case dumping, dumped, restoring, restored
    }

    public var stage: Stage
    public var container: String
    public var imagePath: String
    /// The process that was dumped (its pid and start time tell whether it still runs).
    public var sourcePid: Int32?
    public var sourceStartTime: UInt64?
    public var leaveRunning: Bool
    public var freezerDirectory: String?

    public init(stage: Stage, container: String, imagePath: String, sourcePid: Int32? = nil, sourceStartTime: UInt64? = nil,
                leaveRunning: Bool = false, freezerDirectory: String? = nil) {
        self.stage = stage
        self.container = container
        self.imagePath = imagePath
        self.sourcePid = sourcePid
        self.sourceStartTime = sourceStartTime
        self.leaveRunning = leaveRunning
        self.freezerDirectory = freezerDirectory
    }

    public func write(to path: String) throws(CheckpointError) {
        try CheckpointRecordCodec.write(self, to: path)
    }

    public static func read(from path: String) -> CheckpointJournal? {
        guard access(path, F_OK) == 0 else { return nil }
        return try? CheckpointRecordCodec.read(CheckpointJournal.self, from: path)
    }

    public static func remove(at path: String) {
        unlink(path)
        unlink(path + ".tmp")
    }
}

/// What a journal left by a killed command means, judged from what is on the host now.
public enum CheckpointRecovery: Sendable, Equatable {
    /// Nothing happened that needs undoing: the source runs (thaw it if it was frozen).
    case sourceRunning
    /// The dump finished (CRIU ended the source only then): restore from the image.
    case restorable(imagePath: String)
    /// A restore was cut short: remove what it made; the image is still there to restore from.
    case halfRestored(imagePath: String)
    /// The restore finished; only the bookkeeping after it is missing.
    case restored

    /// `sourceAlive`: the journal's source process still runs; `restoredAlive`: a process
    /// restored from the image runs (the caller finds it in the container's cgroup).
    public static func judge(_ journal: CheckpointJournal, sourceAlive: Bool, restoredAlive: Bool) -> CheckpointRecovery {
        switch journal.stage {
        case .dumping:
            return sourceAlive ? .sourceRunning : .restorable(imagePath: journal.imagePath)
        case .dumped:
            return sourceAlive && journal.leaveRunning ? .sourceRunning : .restorable(imagePath: journal.imagePath)
        case .restoring:
            return restoredAlive ? .restored : .halfRestored(imagePath: journal.imagePath)
        case .restored:
            return .restored
        }
    }
}
