#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

/// Walks a directory tree with libarchive's disk reader (lstat, xattrs, ACLs, numeric owners;
/// never following symlinks), giving each entry with its name relative to the tree and, when
/// asked, its data. Hard links after the first become link entries.
public enum TreeReader {
    /// `visit` gets each entry (the root too, named "", when `includingRoot`) and returns
    /// whether it wants the data, which then arrives through `data` in order, each block
    /// with its offset in the file. `sameFileSystem`: a directory another file system is
    /// mounted on is given but not entered (its entry shows what is mounted there).
    public static func walk(_ directory: String, includingRoot: Bool = false, sameFileSystem: Bool = false,
                            visit: (ArchiveEntry, String) throws(CoreError) -> Bool,
                            data: (UnsafeRawBufferPointer, Int64) throws(CoreError) -> Void) throws(CoreError) {
        try ThreadFilesystem.makePrivate(for: "the tree walk")
        guard let disk = archive_read_disk_new() else { throw CoreError(stage: "archive_read_disk_new", errno: ENOMEM) }
        defer { archive_read_free(disk) }
        archive_read_disk_set_symlink_physical(disk)
        archive_read_disk_set_behavior(disk, ARCHIVE_READDISK_NO_SPARSE | ARCHIVE_READDISK_NO_FFLAGS
                                       | (sameFileSystem ? ARCHIVE_READDISK_NO_TRAVERSE_MOUNTS : 0))
        guard archive_read_disk_open(disk, directory) == ARCHIVE_OK else {
            throw .archive(disk, stage: "read \(directory)")
        }
        guard let resolver = archive_entry_linkresolver_new() else { throw CoreError(stage: "linkresolver", errno: ENOMEM) }
        defer { archive_entry_linkresolver_free(resolver) }
        archive_entry_linkresolver_set_strategy(resolver, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED)
        guard let entry = archive_entry_new() else { throw CoreError(stage: "archive_entry_new", errno: ENOMEM) }
        defer { archive_entry_free(entry) }
        let prefixLength = directory.utf8.count

        while true {
            archive_entry_clear(entry)
            let status = archive_read_next_header2(disk, entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN else { throw .archive(disk, stage: "read \(directory)") }
            let full = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            if archive_entry_filetype(entry) == EntryType.directory { archive_read_disk_descend(disk) }
            let relative = String(decoding: full.utf8.dropFirst(prefixLength).drop { $0 == UInt8(ascii: "/") }, as: UTF8.self)
            if relative.isEmpty && !includingRoot { continue }
            archive_entry_set_pathname(entry, relative)
            var linked: OpaquePointer? = entry
            var spare: OpaquePointer?
            archive_entry_linkify(resolver, &linked, &spare)
            guard let current = linked, try visit(ArchiveEntry(current), relative) else { continue }
            while true {
                let block = DataBlock(reading: disk)
                if block.isEnd { break }
                guard !block.failed else { throw .archive(disk, stage: "read \(full)") }
                if !block.bytes.isEmpty { try data(block.bytes, block.offset) }
            }
        }
    }
}
