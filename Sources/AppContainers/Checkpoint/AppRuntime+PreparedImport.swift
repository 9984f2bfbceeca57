#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

/// `cbench app restore --import STREAM --prepare`, a move's destination: the stream starts
/// with one line, the source's `AppCheckpointRecord` (the container's record and networks,
/// sent before the source freezes); from it the container is made here and its restore's
/// launcher prepared (`AppPreparedLaunch`) while the source still runs. The archive after
/// that line then brings only what the freeze made: the changed files and the images.
extension AppRuntime {
    /// Reads the first line of `path` (a pipe or socket: the rest stays for the archive), makes
    /// the container under `name` (else the record's) and prepares its restore as `bringUp`;
    /// the launch is nil when the restore does not go through the monitor. All or nothing.
    func prepareImport(_ path: String, name: String?, bringUp: AppBringUp) throws -> (record: AppContainerRecord, launch: AppPreparedLaunch?) {
        let saved = try Self.readPrelude(path)
        var config = saved.record.config
        config.name = name ?? saved.record.name
        let record = try create(config)
        do {
            try store.markImporting(record.id)
            return (record, try prepareLaunch(record, bringUp: bringUp, attachments: saved.attachments))
        } catch {
            store.removeFiles(id: record.id, name: record.name)
            throw error
        }
    }

    /// The prelude line a move's source writes before the archive (`prelude(of:)`).
    static func readPrelude(_ path: String) throws -> AppCheckpointRecord {
        let stage = "restore --import \(path) --prepare"
        let fd = try openStream(path, stage: stage, what: "the container's record")
        defer { close(fd) }
        guard let line = FileIO.readLine(fd) else {
            throw CoreError(stage: stage, detail: "the stream ended before its first line (the container's record)")
        }
        return try JSONRecord.decode(AppCheckpointRecord.self, from: line, what: "the stream's first line (the container's record)")
    }

    /// `path` opened to read lines from it before the archive's reader opens it again: a pipe
    /// or socket (a file, read again from its start, would give the lines twice).
    static func openStream(_ path: String, stage: String, what: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError(stage: stage, errno: errno, detail: "cannot read the stream") }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO || (info.st_mode & S_IFMT) == S_IFSOCK else {
            close(fd)
            throw CoreError(stage: stage, errno: EINVAL, detail: "reads \(what) from a stream (a pipe or socket), not a file")
        }
        return fd
    }

    /// The prelude of a move's stream: the container's record and networks on one line.
    func prelude(of record: AppContainerRecord) throws -> [UInt8] {
        try JSONRecord.encode(try checkpointRecord(of: record)) + [0x0a]
    }

    /// What a checkpoint of `record` keeps beside CRIU's images (`AppCheckpointRecord`).
    func checkpointRecord(of record: AppContainerRecord) throws -> AppCheckpointRecord {
        let attachments = RealAppContainerNetworking.joinsNetworks(record)
            ? try AppNetworking.real(store: AppNetworkStore(root: store.root + "/networks")).attachments(of: record.id) : []
        return AppCheckpointRecord(record: record, attachments: attachments)
    }
}
