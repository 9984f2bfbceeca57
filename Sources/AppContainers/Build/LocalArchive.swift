import Archive
import NamespaceCore

/// ADD's local tar archives (plain, gzip, bzip2, xz, zstd), recognised by content as Docker
/// does and unpacked under the project's one extraction policy: owners, modes, times,
/// xattrs, ACLs and links kept, no entry allowed out of the destination.
enum LocalArchive {
    static func isArchive(_ path: String) -> Bool {
        ArchiveReader.isArchive(path)
    }

    /// `relocated`: top-level trees of the archive written elsewhere (see `ArchiveDiskWriter`).
    static func extract(_ path: String, into directory: String, relocated: [String: String] = [:]) throws(CoreErrorDetail) {
        do {
            let reader = try ArchiveReader(path: path)
            try ArchiveDiskWriter(root: directory, relocated: relocated).extractAll(from: reader, what: "archive \(path)") { (_, entryPath) in entryPath }
        } catch {
            throw CoreErrorDetail(error.description)
        }
    }
}
