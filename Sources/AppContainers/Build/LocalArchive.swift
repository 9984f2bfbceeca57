import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// ADD's local tar archives (plain, gzip, bzip2, xz, zstd), recognised by content as Docker
/// does and unpacked with libarchive: owners, modes, times and links kept, no entry allowed
/// out of the destination.
enum LocalArchive {
    static func isArchive(_ path: String) -> Bool {
        guard let reader = archive_read_new() else { return false }
        defer { archive_read_free(reader) }
        archive_read_support_filter_all(reader)
        archive_read_support_format_tar(reader)
        guard archive_read_open_filename(reader, path, 1 << 16) == ARCHIVE_OK else { return false }
        var entry: OpaquePointer?
        return archive_read_next_header(reader, &entry) == ARCHIVE_OK
    }

    static func extract(_ path: String, into directory: String) throws(CoreErrorDetail) {
        guard let reader = archive_read_new(), let writer = archive_write_disk_new() else {
            throw CoreErrorDetail("libarchive: out of memory")
        }
        defer {
            archive_read_free(reader)
            archive_write_free(writer)
        }
        archive_read_support_filter_all(reader)
        archive_read_support_format_tar(reader)
        let flags = ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_XATTR
            | ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS
        archive_write_disk_set_options(writer, flags)
        guard archive_read_open_filename(reader, path, 1 << 16) == ARCHIVE_OK else {
            throw CoreErrorDetail("open archive \(path): \(message(reader))")
        }
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw CoreErrorDetail("read archive \(path): \(message(reader))")
            }
            let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            guard let inside = rooted(name, in: directory) else { throw CoreErrorDetail("archive \(path): entry \(name) leads out of the destination") }
            archive_entry_set_pathname(entry, inside)
            if let link = archive_entry_hardlink(entry).map({ String(cString: $0) }) {
                guard let linkInside = rooted(link, in: directory) else { throw CoreErrorDetail("archive \(path): hard link \(name) leads out of the destination") }
                archive_entry_set_hardlink(entry, linkInside)
            }
            guard archive_write_header(writer, entry) >= ARCHIVE_WARN else {
                throw CoreErrorDetail("extract \(name) from \(path): \(message(writer))")
            }
            if archive_entry_size(entry) > 0 {
                var block: UnsafeRawPointer?
                var size = 0
                var offset: la_int64_t = 0
                while true {
                    let read = archive_read_data_block(reader, &block, &size, &offset)
                    if read == ARCHIVE_EOF { break }
                    guard read >= ARCHIVE_WARN, archive_write_data_block(writer, block, size, offset) >= ARCHIVE_WARN else {
                        throw CoreErrorDetail("extract \(name) from \(path): \(message(reader))")
                    }
                }
            }
            guard archive_write_finish_entry(writer) >= ARCHIVE_WARN else {
                throw CoreErrorDetail("extract \(name) from \(path): \(message(writer))")
            }
        }
    }

    /// The entry's path under `directory`, or nil when `..` would take it out.
    static func rooted(_ name: String, in directory: String) -> String? {
        var parts: [Substring] = []
        for part in name.split(separator: "/") where part != "." {
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? directory : directory + "/" + parts.joined(separator: "/")
    }

    static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
