#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

/// Writes the entries of a layer tar into an (empty) layer directory in the form overlayfs
/// stacks: `.wh.NAME` becomes a 0/0 character device NAME, `.wh..wh..opq` the xattr
/// `trusted.overlay.opaque=y` on its directory. libarchive's disk writer does the rest with
/// its safety checks on (no `..`, no writing through symlinks, hard links included); every
/// name is checked here too, so the error names the entry.
struct LayerUnpacker {
    let directory: String

    static let extractFlags: Int32 = ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME
        | ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_FFLAGS | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT

    /// Unpacks every entry of `stream`; the caller removes the directory on error.
    func unpack(_ stream: LayerBlobStream) throws(CoreError) {
        guard let disk = archive_write_disk_new() else { throw CoreError(stage: "archive_write_disk_new", errno: ENOMEM) }
        defer { archive_write_free(disk) }
        archive_write_disk_set_options(disk, Self.extractFlags)
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw CoreError(stage: "open \(directory)", errno: errno) }
        defer { close(root) }

        while let entry = try stream.nextEntry() {
            let raw = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let path = try LayerPath(raw)
            if path.isRoot { continue }
            switch try WhiteoutKind(path, raw: raw) {
            case .opaque:
                try markOpaque(root: root, path: path, raw: raw)
                continue
            case .deletes(let name):
                try makeWhiteout(root: root, path: path, name: name, raw: raw)
                continue
            case .none:
                break
            }
            archive_entry_set_pathname(entry, directory + "/" + path.relative)
            if let target = archive_entry_hardlink(entry) {
                let rawTarget = String(cString: target)
                guard let targetPath = try? LayerPath(rawTarget), !targetPath.isRoot else {
                    throw CoreError(stage: "layer entry '\(raw)'", detail: "hard link to '\(rawTarget)' escapes the layer directory; the layer is refused")
                }
                archive_entry_set_hardlink(entry, directory + "/" + targetPath.relative)
            }
            let status = archive_write_header(disk, entry)
            guard status >= ARCHIVE_WARN else { throw diskError(disk, raw: raw) }
            if archive_entry_size(entry) > 0, status == ARCHIVE_OK {
                try copyData(stream, to: disk, raw: raw)
            }
            guard archive_write_finish_entry(disk) >= ARCHIVE_WARN else { throw diskError(disk, raw: raw) }
        }
        // Directory times and modes are applied here, after their contents.
        guard archive_write_close(disk) >= ARCHIVE_WARN else { throw .archive(disk, stage: "finish layer") }
    }

    /// libarchive's error without the temporary directory in it (users know only the entry).
    private func diskError(_ disk: OpaquePointer, raw: String) -> CoreError {
        var error = CoreError.archive(disk, stage: "layer entry '\(raw)'")
        error.detail = error.detail?.replacing(directory + "/", with: "")
        return error
    }

    private func copyData(_ stream: LayerBlobStream, to disk: OpaquePointer, raw: String) throws(CoreError) {
        while true {
            var block: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            let status = archive_read_data_block(stream.tar, &block, &size, &offset)
            if status == ARCHIVE_EOF { return }
            guard status >= ARCHIVE_WARN else { throw stream.dataError("layer entry '\(raw)'") }
            if size > 0, archive_write_data_block(disk, block, size, offset) < ARCHIVE_WARN {
                throw .archive(disk, stage: "layer entry '\(raw)'")
            }
        }
    }

    private func markOpaque(root: Int32, path: LayerPath, raw: String) throws(CoreError) {
        let fd = try DirectoryWalk.open(root: root, path.parent, create: true, raw: raw)
        defer { close(fd) }
        guard fsetxattr(fd, OverlayXattr.opaque, "y", 1, 0) == 0 else {
            throw CoreError(stage: "layer entry '\(raw)'", errno: errno, detail: "cannot set \(OverlayXattr.opaque)")
        }
    }

    private func makeWhiteout(root: Int32, path: LayerPath, name: String, raw: String) throws(CoreError) {
        let fd = try DirectoryWalk.open(root: root, path.parent, create: true, raw: raw)
        defer { close(fd) }
        if unlinkat(fd, name, 0) != 0, errno == EISDIR { _ = unlinkat(fd, name, AT_REMOVEDIR) }
        guard mknodat(fd, name, S_IFCHR | 0o000, 0) == 0 else {
            throw CoreError(stage: "layer entry '\(raw)'", errno: errno, detail: "cannot make the overlay whiteout \(name)")
        }
    }
}

/// The overlayfs names this store reads and writes.
enum OverlayXattr {
    static let opaque = "trusted.overlay.opaque"
    static let prefix = "trusted.overlay."
}
