#if canImport(Glibc)
import Glibc
#endif
import Archive
import NamespaceCore

/// Applies unpacked layer directories (overlay form) one after another onto an ordinary
/// directory, the way overlayfs would show them merged: a 0/0 character device deletes
/// what is below it, an opaque directory first empties what lower layers put there.
/// No whiteout is left in the result.
struct LayerFlattener {
    let destination: String

    func apply(layerDirectory: String) throws(CoreError) {
        let disk = try ArchiveDiskWriter(root: destination)
        let root = open(destination, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw CoreError(stage: "open \(destination)", errno: errno) }
        defer { close(root) }
        let stage = "flatten \(layerDirectory)"

        try TreeReader.walk(layerDirectory) { (entry, relative) throws(CoreError) -> Bool in
            let path = try ArchivePath(relative)
            let opaque = entry.takeOverlayAttributes()
            guard let parent = try? DirectoryWalk.open(root: root, path.parent, create: false, raw: relative) else {
                if entry.isOverlayWhiteout { return false }
                // The parent is gone or is not a directory here: overlayfs would not show it
                // either, unless this layer makes it, and then libarchive creates it below.
                return try Self.write(entry, at: path, to: disk)
            }
            defer { close(parent) }
            let name = String(path.baseName)
            // Relative to the parent's descriptor, never following a symlink: an earlier
            // layer's symlink must not redirect a later layer's deletion onto the host.
            if entry.isOverlayWhiteout {
                try? FileIO.removeTree(name, in: parent, shown: relative)
                return false
            }
            var existing = stat()
            if fstatat(parent, name, &existing, AT_SYMLINK_NOFOLLOW) == 0 {
                let isDirectory = entry.fileType == EntryType.directory
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
            return try Self.write(entry, at: path, to: disk)
        } data: { (block, offset) throws(CoreError) in
            try disk.write(block, at: offset, stage: stage)
        }
        try disk.finish(stage: stage)
    }

    /// The walk names a hard link's target relative to the layer, as it names entries.
    private static func write(_ entry: ArchiveEntry, at path: ArchivePath, to disk: ArchiveDiskWriter) throws(CoreError) -> Bool {
        let link = try entry.hardlink.map { (target) throws(CoreError) in try ArchivePath(target) }
        let wantsData = try disk.begin(entry, at: path, linkTarget: link, stage: "flatten entry '\(path.relative)'")
        return wantsData && entry.carriesData
    }
}
