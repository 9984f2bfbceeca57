#if canImport(Glibc)
import Glibc
#endif
import Archive
import JSONRecords
import NamespaceCore
import OCIImages

/// podman's `checkpoint --export` / `restore --import`: a tar.gz holding the checkpoint
/// (`checkpoint/`, with the container's record in it), the container's changed files
/// (`upper/`, whiteouts as they are) and its host files, so another store with the same image
/// makes the container again and restores it.
enum AppCheckpointArchive {
    static let hostFiles = ["hostname", "hosts", "resolv.conf"]

    static func write(store: AppStore, id: String, to path: String) throws {
        let temporary = path + ".tmp"
        do {
            try add(store: store, id: id, to: try GzipTarFile(path: temporary))
        } catch {
            unlink(temporary)
            throw CoreError(stage: "checkpoint --export \(path)", detail: "\(error)")
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw CoreError(stage: "checkpoint --export: rename \(temporary)", errno: code)
        }
    }

    /// The same archive, uncompressed, into `descriptor` (a migration's stream to another
    /// host: the pages do not shrink enough to pay for gzip inside the frozen window); the
    /// bytes written.
    static func stream(store: AppStore, id: String, into descriptor: Int32, what: String) throws -> UInt64 {
        let writer = try GzipTarFile(descriptor: descriptor, compression: .none, what: what)
        try add(store: store, id: id, to: writer)
        return writer.bytesWritten
    }

    private static func add(store: AppStore, id: String, to writer: GzipTarFile) throws {
        try writer.addTree(store.checkpointDirectory(of: id), as: "checkpoint")
        try writer.addTree(store.upperDirectory(of: id), as: "upper")
        for name in hostFiles {
            try writer.addFile(named: name, bytes: try FileIO.read("\(store.directory(of: id))/\(name)"))
        }
        try writer.finish()
    }

    /// Unpacks `path` into `directory` (made new), its `checkpoint/` into `checkpointInto` (made
    /// new, unless `checkpointMade`: a page server's received pages are in it) when given, and
    /// reads the record kept with it.
    static func read(_ path: String, into directory: String, checkpointInto images: String? = nil,
                     checkpointMade: Bool = false) throws -> AppCheckpointRecord {
        guard access(path, R_OK) == 0 else {
            throw CoreError(stage: "restore --import \(path)", errno: errno, detail: "cannot read the archive")
        }
        for made in [directory] + (images.map { checkpointMade ? [] : [$0] } ?? []) {
            guard mkdir(made, 0o700) == 0 else { throw CoreError(stage: "restore --import: mkdir \(made)", errno: errno) }
        }
        do {
            try LocalArchive.extract(path, into: directory, relocated: images.map { ["checkpoint": $0] } ?? [:])
        } catch {
            throw CoreError(stage: "restore --import \(path)", detail: error.text)
        }
        let recordPath = AppCheckpointRecord.path(in: images ?? "\(directory)/checkpoint")
        guard let record = try JSONRecord.readIfPresent(AppCheckpointRecord.self, from: recordPath) else {
            throw CoreError(stage: "restore --import \(path)", detail: "not a checkpoint of cbench app (no checkpoint/\(AppCheckpointRecord.fileName))")
        }
        return record
    }
}
