#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A container an import made (`restore --import`, a move's destination) carries the importing
/// process until its restore runs it: if that process is killed (and the move's source, which
/// would remove it, too) the container it made was never restored and never will be. Such a
/// container is removed the next time the store looks it up (`resolve`, `ids`), so its name is
/// free for the move to be made again.
extension AppStore {
    func importingPath(of id: String) -> String { "\(directory(of: id))/importing" }

    /// Marks `id` as being imported by this process.
    func markImporting(_ id: String) throws(CoreError) {
        let pid = getpid()
        guard let start = ProcessLiveness.startTime(of: pid) else {
            throw CoreError(stage: "import: mark \(id) as importing", detail: "cannot read this process's start time")
        }
        try FileIO.write(importingPath(of: id), Array("\(pid) \(start)\n".utf8))
    }

    /// The import has restored it: a container like any other from now on.
    func finishImporting(_ id: String) {
        unlink(importingPath(of: id))
    }

    /// Whether `id` was made by an import whose process is gone; it is removed then.
    func removeIfImportAbandoned(_ id: String) -> Bool {
        guard let text = try? FileIO.read(importingPath(of: id), limit: 64) else { return false }
        let words = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        // A marker half-written by a killed import names no live process either.
        if words.count == 2, let pid = Int32(words[0]), let start = UInt64(words[1]), ProcessLiveness.isAlive(pid: pid, startTime: start) {
            return false
        }
        // Restored after all (the import was killed once its tree ran): it is kept.
        if loadRunState(of: id)?.isAlive == true {
            finishImporting(id)
            return false
        }
        let name = (try? loadRecord(of: id))?.name
        removeFiles(id: id, name: name)
        return true
    }
}
