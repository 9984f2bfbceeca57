#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore
import OCIImages

/// A gzip-compressed pax tar written with libarchive: small named files, and a directory tree
/// read with libarchive's disk reader (numeric owners, modes, xattrs, device nodes; symlinks
/// not followed; hard links after the first become link entries).
final class SystemArchiveWriter {
    private let archive: OpaquePointer
    private let path: String

    init(path: String) throws(CoreError) {
        guard let archive = archive_write_new() else { throw CoreError(stage: "archive_write_new", errno: ENOMEM) }
        self.archive = archive
        self.path = path
        archive_write_add_filter_gzip(archive)
        archive_write_set_format_pax_restricted(archive)
        guard archive_write_open_filename(archive, path) == ARCHIVE_OK else {
            let error = CoreError.archive(archive, stage: "write \(path)")
            archive_write_free(archive)
            throw error
        }
    }

    deinit { archive_write_free(archive) }

    func addFile(named name: String, bytes: [UInt8], mode: mode_t = 0o644, modified: time_t = time(nil)) throws(CoreError) {
        guard let entry = archive_entry_new() else { throw CoreError(stage: "archive_entry_new", errno: ENOMEM) }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_filetype(entry, EntryType.regular)
        archive_entry_set_perm(entry, mode)
        archive_entry_set_size(entry, la_int64_t(bytes.count))
        archive_entry_set_mtime(entry, modified, 0)
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw .archive(archive, stage: "write \(name) to \(path)") }
        let written = bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw .archive(archive, stage: "write \(name) to \(path)") }
    }

    /// Every entry below `root` as `prefix/...`; `owner` maps each entry's (uid, gid).
    func addTree(_ root: String, as prefix: String,
                 owner: (UInt32, UInt32) -> (UInt32, UInt32) = { ($0, $1) }) throws(CoreError) {
        try TreeReader.walk(root, includingRoot: true, visit: { (entry, relative) throws(CoreError) -> Bool in
            archive_entry_set_pathname(entry, relative.isEmpty ? prefix : prefix + "/" + relative)
            // The walk names a hard link's target relative to the tree, as it names entries.
            if let target = archive_entry_hardlink(entry).map({ String(cString: $0) }) {
                archive_entry_set_hardlink(entry, prefix + "/" + target)
            }
            let (uid, gid) = owner(UInt32(truncatingIfNeeded: archive_entry_uid(entry)), UInt32(truncatingIfNeeded: archive_entry_gid(entry)))
            archive_entry_set_uid(entry, la_int64_t(uid))
            archive_entry_set_gid(entry, la_int64_t(gid))
            guard archive_write_header(archive, entry) >= ARCHIVE_WARN else {
                throw .archive(archive, stage: "write \(relative) to \(path)")
            }
            return archive_entry_filetype(entry) == EntryType.regular
                && archive_entry_size(entry) > 0 && archive_entry_hardlink(entry) == nil
        }, data: { (block) throws(CoreError) in
            if archive_write_data(archive, block.baseAddress, block.count) < 0 {
                throw .archive(archive, stage: "write \(root) to \(path)")
            }
        })
    }

    func finish() throws(CoreError) {
        guard archive_write_close(archive) == ARCHIVE_OK else { throw .archive(archive, stage: "finish \(path)") }
    }
}
