#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

/// Writes entries to disk below `root` under the project's one extraction policy, the same
/// for image layers, system import and the builder's ADD: owners, modes, times, xattrs, ACLs
/// and file flags are kept; libarchive refuses `..` and writing through a symlink, and every
/// name and hard-link target arrives as an `ArchivePath` below the root.
public final class ArchiveDiskWriter {
    public static let policy: Int32 = ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME
        | ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_ACL | ARCHIVE_EXTRACT_FFLAGS
        | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT

    public let root: String
    /// Top-level directories of the archive written elsewhere than below `root`: each name
    /// (`checkpoint`) to an absolute directory, with no symlink in its path either.
    public let relocated: [String: String]
    private let disk: OpaquePointer

    /// `root` must exist and hold no symlink in its path (libarchive checks the whole path).
    public init(root: String, relocated: [String: String] = [:]) throws(CoreError) {
        // Its umask(0) for a moment must not reach files other threads make meanwhile.
        try ThreadFilesystem.makePrivate(for: "the disk writer")
        guard let disk = archive_write_disk_new() else { throw CoreError(stage: "archive_write_disk_new", errno: ENOMEM) }
        archive_write_disk_set_options(disk, Self.policy)
        self.disk = disk
        self.root = root
        self.relocated = relocated
    }

    deinit { archive_write_free(disk) }

    /// Writes `entry`'s header at `root/path` (a hard link's at `root/linkTarget`); returns
    /// whether its data should follow.
    public func begin(_ entry: ArchiveEntry, at path: ArchivePath, linkTarget: ArchivePath?, stage: String) throws(CoreError) -> Bool {
        entry.pathname = place(path)
        if let linkTarget { entry.hardlink = place(linkTarget) }
        let status = archive_write_header(disk, entry.pointer)
        guard status >= ARCHIVE_WARN else { throw error(stage) }
        return status == ARCHIVE_OK && entry.size > 0
    }

    public func write(_ block: UnsafeRawBufferPointer, at offset: Int64, stage: String) throws(CoreError) {
        guard archive_write_data_block(disk, block.baseAddress, block.count, offset) >= ARCHIVE_WARN else { throw error(stage) }
    }

    public func end(stage: String) throws(CoreError) {
        guard archive_write_finish_entry(disk) >= ARCHIVE_WARN else { throw error(stage) }
    }

    /// Directory times and modes are applied here, after their contents.
    public func finish(stage: String) throws(CoreError) {
        guard archive_write_close(disk) >= ARCHIVE_WARN else { throw error(stage) }
    }

    /// One entry of `reader`, the current one: header, data (each block seen by `observe`), end.
    public func extract(_ entry: ArchiveEntry, at path: ArchivePath, linkTarget: ArchivePath?, from reader: ArchiveReader,
                        stage: String, observe: ((ArchiveEntryEvent) -> Void)? = nil) throws(CoreError) {
        if try begin(entry, at: path, linkTarget: linkTarget, stage: stage) {
            try reader.readData(stage: stage) { (block, offset) throws(CoreError) in
                observe?(.data(block))
                try write(block, at: offset, stage: stage)
            }
        }
        try end(stage: stage)
    }

    func place(_ path: ArchivePath) -> String {
        if let first = path.components.first, let directory = relocated[String(first)], let rest = path.below(String(first)) {
            return rest.isRoot ? directory : directory + "/" + rest.relative
        }
        return path.isRoot ? root : root + "/" + path.relative
    }

    /// libarchive's error without the root in it: users know the entry, not where it went.
    private func error(_ stage: String) -> CoreError {
        var error = CoreError.archive(disk, stage: stage)
        error.detail = relocated.reduce(error.detail?.replacing(root + "/", with: "")) { detail, tree in
            detail?.replacing(tree.value + "/", with: tree.key + "/")
        }
        return error
    }
}
