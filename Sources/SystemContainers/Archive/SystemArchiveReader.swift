#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore
import OCIImages

/// Reads an exported container (any compression libarchive knows, tar formats): `rootfs/...`
/// goes to disk below a directory with owners, modes, xattrs, device nodes and hard links;
/// the small files beside it are kept in memory. Names leading out (`..`, absolute) are refused.
struct SystemArchiveReader {
    /// What the archive held beside rootfs/.
    struct Contents {
        var files: [String: [UInt8]] = [:]
        var hadRootfs = false
    }

    /// Small files the archive may carry; anything else outside rootfs/ and templates/ is an error.
    static let knownFiles: Set<String> = ["metadata.yaml", "config", "cbench.json"]
    static let smallFileLimit = 1 << 20
    static let extractFlags: Int32 = ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME
        | ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_ACL | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT

    let path: String

    func extract(rootfsTo destination: String) throws(CoreError) -> Contents {
        guard let archive = archive_read_new() else { throw CoreError(stage: "archive_read_new", errno: ENOMEM) }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
        guard archive_read_open_filename(archive, path, 1 << 16) == ARCHIVE_OK else {
            throw .archive(archive, stage: "import \(path)")
        }
        guard let disk = archive_write_disk_new() else { throw CoreError(stage: "archive_write_disk_new", errno: ENOMEM) }
        defer { archive_write_free(disk) }
        archive_write_disk_set_options(disk, Self.extractFlags)

        var contents = Contents()
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN, let entry else { throw .archive(archive, stage: "import \(path)") }
            let raw = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let name = try Self.normalized(raw)
            if name == "rootfs" || name.hasPrefix("rootfs/") {
                contents.hadRootfs = true
                try extractEntry(entry, relative: String(name.dropFirst(6).drop { $0 == "/" }), to: destination,
                                 archive: archive, disk: disk)
            } else if Self.knownFiles.contains(name) {
                contents.files[name] = try readSmall(archive, entry: entry, name: name)
            } else if name == "templates" || name.hasPrefix("templates/") || name.isEmpty {
                continue
            } else {
                throw CoreError(stage: "import \(path)", detail: "unexpected entry '\(raw)' (an export holds metadata.yaml, config and rootfs/)")
            }
        }
        guard archive_write_close(disk) >= ARCHIVE_WARN else { throw .archive(disk, stage: "import \(path): finish rootfs") }
        return contents
    }

    private func extractEntry(_ entry: OpaquePointer, relative: String, to destination: String,
                              archive: OpaquePointer, disk: OpaquePointer) throws(CoreError) {
        archive_entry_set_pathname(entry, relative.isEmpty ? destination : destination + "/" + relative)
        if let target = archive_entry_hardlink(entry) {
            let link = try Self.normalized(String(cString: target))
            guard link.hasPrefix("rootfs/") else {
                throw CoreError(stage: "import \(path)", detail: "hard link to '\(link)' leads out of rootfs/")
            }
            archive_entry_set_hardlink(entry, destination + "/" + link.dropFirst(7))
        }
        let status = archive_write_header(disk, entry)
        guard status >= ARCHIVE_WARN else { throw .archive(disk, stage: "import \(path): rootfs/\(relative)") }
        if archive_entry_size(entry) > 0, status == ARCHIVE_OK {
            while true {
                var block: UnsafeRawPointer?
                var size = 0
                var offset: la_int64_t = 0
                let read = archive_read_data_block(archive, &block, &size, &offset)
                if read == ARCHIVE_EOF { break }
                guard read >= ARCHIVE_WARN else { throw .archive(archive, stage: "import \(path): rootfs/\(relative)") }
                if size > 0, archive_write_data_block(disk, block, size, offset) < ARCHIVE_WARN {
                    throw .archive(disk, stage: "import \(path): rootfs/\(relative)")
                }
            }
        }
        guard archive_write_finish_entry(disk) >= ARCHIVE_WARN else {
            throw .archive(disk, stage: "import \(path): rootfs/\(relative)")
        }
    }

    private func readSmall(_ archive: OpaquePointer, entry: OpaquePointer, name: String) throws(CoreError) -> [UInt8] {
        let size = Int(archive_entry_size(entry))
        guard size <= Self.smallFileLimit else {
            throw CoreError(stage: "import \(path)", detail: "\(name) is \(size) bytes; at most \(Self.smallFileLimit) expected")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        let read = bytes.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
        guard read == size else { throw .archive(archive, stage: "import \(path): read \(name)") }
        return bytes
    }

    /// `./a/b/` becomes `a/b`; absolute names and `..` are refused.
    static func normalized(_ raw: String) throws(CoreError) -> String {
        guard !raw.hasPrefix("/") else {
            throw CoreError(stage: "import", detail: "absolute entry name '\(raw)' in the archive")
        }
        let parts = raw.split(separator: "/").filter { $0 != "." }
        guard !parts.contains("..") else {
            throw CoreError(stage: "import", detail: "entry name '\(raw)' leads out with '..'")
        }
        return parts.joined(separator: "/")
    }
}
