#if canImport(Glibc)
import Glibc
#endif

/// Removal relative to directory descriptors, never following a symlink: while flattening,
/// an earlier layer's symlink must not redirect a later layer's deletion onto the host.
enum SafeRemoval {
    /// Removes `name` in the directory `parent` (a whole tree if it is a directory).
    static func remove(_ name: String, in parent: Int32) {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 {
                removeChildren(of: fd)
                close(fd)
            }
            unlinkat(parent, name, AT_REMOVEDIR)
        } else {
            unlinkat(parent, name, 0)
        }
    }

    /// Removes everything inside the directory `directory`; the descriptor stays open.
    static func removeChildren(of directory: Int32) {
        let copy = dup(directory)
        guard copy >= 0, let stream = fdopendir(copy) else { return }
        defer { closedir(stream) }
        var names: [String] = []
        while let item = readdir(stream) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        for name in names { remove(name, in: directory) }
    }

    /// The file type of `name` in `parent` without following symlinks, or nil if absent.
    static func type(of name: String, in parent: Int32) -> mode_t? {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }
}
