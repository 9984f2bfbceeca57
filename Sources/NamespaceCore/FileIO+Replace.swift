#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// The one atomic write: a temporary file in the same directory, fsync, rename(2), fsync
    /// of the directory. A reader sees the old or the new whole, and so does the next boot.
    /// Without `durable` the two fsyncs are left out: still atomic for readers, for files that
    /// need not outlive a crash (tmpfs under /run, a `--rm` container's records), where an
    /// fsync would cost milliseconds of disk wait on the hot path.
    public static func replace(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o600, durable: Bool = true) throws(CoreError) {
        let temporary = path + ".tmp"
        do {
            try write(temporary, bytes, mode: mode, sync: durable)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw CoreError(stage: "rename \(temporary)", errno: code)
        }
        if durable { try syncDirectory(of: path) }
    }

    /// Makes a rename or a new name in the directory holding `path` durable.
    static func syncDirectory(of path: String) throws(CoreError) {
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError(stage: "open \(directory)", errno: errno) }
        defer { close(fd) }
        // EINVAL: a file system that cannot sync a directory (the rename is as durable as it gets).
        guard fsync(fd) == 0 || errno == EINVAL else { throw CoreError(stage: "fsync \(directory)", errno: errno) }
    }
}
