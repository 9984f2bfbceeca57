#if canImport(Glibc)
import Glibc
#endif
import CShim

extension FileIO {
    /// Removes `path`, and everything below it when it is a directory. It never follows a
    /// symlink (a link is removed as a link, whatever it points to) and never crosses into
    /// another mount (a mount point inside, even a bind mount of the same file system, stops
    /// it with EBUSY and is left as it is, with the directories leading to it). Everything is
    /// reached through directory descriptors (openat, unlinkat, O_NOFOLLOW), so a directory
    /// swapped for a symlink half-way cannot redirect it. A missing path is no error; `shown`
    /// names the path in errors (the real path may carry a test's root prefix).
    public static func removeTree(_ path: String, shown: String? = nil) throws(CoreError) {
        let shown = shown ?? path
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw CoreError(stage: "stat \(shown)", errno: errno)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            guard unlink(path) == 0 || errno == ENOENT else { throw CoreError(stage: "unlink \(shown)", errno: errno) }
            return
        }
        guard cshim_is_mount_root(AT_FDCWD, path) != 1 else { throw mounted(shown) }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return }
            throw CoreError(stage: "open \(shown)", errno: errno)
        }
        defer { close(fd) }
        try removeContents(ofDirectory: fd, device: info.st_dev, shown: shown)
        guard rmdir(path) == 0 || errno == ENOENT else { throw CoreError(stage: "rmdir \(shown)", errno: errno) }
    }

    /// Empties the directory `path`, keeping it, by the rules of `removeTree`.
    public static func removeContents(of path: String) throws(CoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return }
            throw CoreError(stage: "open \(path)", errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CoreError(stage: "stat \(path)", errno: errno) }
        try removeContents(ofDirectory: fd, device: info.st_dev, shown: path)
    }

    /// Removes `name` in the open directory `parent` by the rules of `removeTree`.
    public static func removeTree(_ name: String, in parent: Int32, shown: String) throws(CoreError) {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw CoreError(stage: "stat \(shown)", errno: errno)
        }
        try removeEntry(name, in: parent, info: info, device: nil, shown: shown)
    }

    /// Empties the open directory `fd` (which stays open), staying on `device`.
    public static func removeContents(ofDirectory fd: Int32, device: dev_t? = nil, shown: String) throws(CoreError) {
        for name in try names(inDirectory: fd, shown: shown) {
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                if errno == ENOENT { continue }
                throw CoreError(stage: "stat \(shown)/\(name)", errno: errno)
            }
            try removeEntry(name, in: fd, info: info, device: device, shown: "\(shown)/\(name)")
        }
    }

    /// One entry whose lstat is `info`: unlinked, or emptied and removed when a directory on
    /// `device` (the parent's, when nil) that is no mount point.
    private static func removeEntry(_ name: String, in parent: Int32, info: stat, device: dev_t?, shown: String) throws(CoreError) {
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            guard unlinkat(parent, name, 0) == 0 || errno == ENOENT else { throw CoreError(stage: "unlink \(shown)", errno: errno) }
            return
        }
        var parentInfo = stat()
        let expected = device ?? (fstat(parent, &parentInfo) == 0 ? parentInfo.st_dev : info.st_dev)
        guard info.st_dev == expected, cshim_is_mount_root(parent, name) != 1 else {
            throw mounted(shown)
        }
        let child = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else {
            if errno == ENOENT { return }
            throw CoreError(stage: "open \(shown)", errno: errno)
        }
        defer { close(child) }
        try removeContents(ofDirectory: child, device: expected, shown: shown)
        guard unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT else { throw CoreError(stage: "rmdir \(shown)", errno: errno) }
    }

    private static func mounted(_ shown: String) -> CoreError {
        CoreError(stage: "remove \(shown)", errno: EBUSY, detail: "a file system is mounted here; unmount it first")
    }
}
