#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

/// Applies unpacked layer directories (overlay form) one after another onto an ordinary
/// directory, the way overlayfs would show them merged: a 0/0 character device deletes
/// what is below it, an opaque directory first empties what lower layers put there.
/// No whiteout is left in the result.
struct LayerFlattener {
    let destination: String

    func apply(layerDirectory: String) throws(CoreError) {
        guard let disk = archive_write_disk_new() else { throw CoreError(stage: "archive_write_disk_new", errno: ENOMEM) }
        defer { archive_write_free(disk) }
        archive_write_disk_set_options(disk, LayerUnpacker.extractFlags)
        let root = open(destination, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw CoreError(stage: "open \(destination)", errno: errno) }
        defer { close(root) }

        try TreeReader.walk(layerDirectory) { entry, relative throws(CoreError) -> Bool in
            let path = try LayerPath(relative)
            let type = archive_entry_filetype(entry)
            let (opaque, _) = EntryXattrs.removeOverlayAttributes(entry)
            let isWhiteout = type == EntryType.characterDevice && archive_entry_rdev(entry) == 0
            guard let parent = try? DirectoryWalk.open(root: root, path.parent, create: false, raw: relative) else {
                if isWhiteout { return false }
                // The parent is gone or is not a directory here: overlayfs would not show it
                // either, unless this layer makes it, and then libarchive creates it below.
                return try self.write(entry, relative: relative, disk: disk)
            }
            defer { close(parent) }
            let name = String(path.baseName)
            // Relative to the parent's descriptor, never following a symlink: an earlier
            // layer's symlink must not redirect a later layer's deletion onto the host.
            if isWhiteout {
                try? FileIO.removeTree(name, in: parent, shown: relative)
                return false
            }
            var existing = stat()
            if fstatat(parent, name, &existing, AT_SYMLINK_NOFOLLOW) == 0 {
                let isDirectory = type == EntryType.directory
                if isDirectory != ((existing.st_mode & S_IFMT) == S_IFDIR) {
                    try? FileIO.removeTree(name, in: parent, shown: relative)
                } else if isDirectory, opaque {
                    let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if fd >= 0 {
                        try? FileIO.removeContents(ofDirectory: fd, shown: relative)
                        close(fd)
                    }
                }
            }
            return try self.write(entry, relative: relative, disk: disk)
        } data: { block throws(CoreError) in
            guard archive_write_data(disk, block.baseAddress, block.count) >= 0 else {
                throw .archive(disk, stage: "flatten \(layerDirectory)")
            }
        }
        guard archive_write_close(disk) >= ARCHIVE_WARN else { throw .archive(disk, stage: "flatten \(layerDirectory)") }
    }

    private func write(_ entry: OpaquePointer, relative: String, disk: OpaquePointer) throws(CoreError) -> Bool {
        archive_entry_set_pathname(entry, destination + "/" + relative)
        if let target = archive_entry_hardlink(entry) {
            archive_entry_set_hardlink(entry, destination + "/" + String(cString: target))
        }
        let status = archive_write_header(disk, entry)
        guard status >= ARCHIVE_WARN else { throw .archive(disk, stage: "flatten entry '\(relative)'") }
        return status == ARCHIVE_OK && archive_entry_filetype(entry) == EntryType.regular
            && archive_entry_size(entry) > 0 && archive_entry_hardlink(entry) == nil
    }
}
