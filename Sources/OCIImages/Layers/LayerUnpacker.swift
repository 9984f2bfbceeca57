#if canImport(Glibc)
import Glibc
#endif
import Archive
import CShim
import NamespaceCore

/// Writes the entries of a layer tar into an (empty) layer directory in the form overlayfs
/// stacks: `.wh.NAME` becomes a 0/0 character device NAME, `.wh..wh..opq` the xattr
/// `trusted.overlay.opaque=y` on its directory. Everything else goes through the project's
/// one extraction policy (`ArchiveDiskWriter`), which refuses `..`, writing through
/// symlinks and hard links leading out; every name is checked here too, so the error names
/// the entry.
struct LayerUnpacker {
    let directory: String

    /// Unpacks every entry of `reader`; the caller removes the directory on error.
    func unpack(_ reader: ArchiveReader) throws(CoreError) {
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw CoreError(stage: "open \(directory)", errno: errno) }
        defer { close(root) }
        try ArchiveDiskWriter(root: directory).extractAll(from: reader, what: "layer") { (entry, path) throws(CoreError) -> ArchivePath? in
            if path.isRoot { return nil }
            let raw = entry.pathname
            switch try WhiteoutKind(path, raw: raw) {
            case .opaque:
                try markOpaque(root: root, path: path, raw: raw)
                return nil
            case .deletes(let name):
                try makeWhiteout(root: root, path: path, name: name, raw: raw)
                return nil
            case .none:
                return path
            }
        }
    }

    private func markOpaque(root: Int32, path: ArchivePath, raw: String) throws(CoreError) {
        let fd = try DirectoryWalk.open(root: root, path.parent, create: true, raw: raw)
        defer { close(fd) }
        guard fsetxattr(fd, OverlayXattr.opaque, "y", 1, 0) == 0 else {
            throw CoreError(stage: "layer entry '\(raw)'", errno: errno, detail: "cannot set \(OverlayXattr.opaque)")
        }
    }

    private func makeWhiteout(root: Int32, path: ArchivePath, name: String, raw: String) throws(CoreError) {
        let fd = try DirectoryWalk.open(root: root, path.parent, create: true, raw: raw)
        defer { close(fd) }
        if unlinkat(fd, name, 0) != 0, errno == EISDIR { _ = unlinkat(fd, name, AT_REMOVEDIR) }
        guard mknodat(fd, name, S_IFCHR | 0o000, 0) == 0 else {
            throw CoreError(stage: "layer entry '\(raw)'", errno: errno, detail: "cannot make the overlay whiteout \(name)")
        }
    }
}
