#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// An exclusive flock(2) on a file, held for the duration of `withLock`. flock locks belong
/// to the open file, so two threads of one process exclude each other as two processes do.
struct FileLock {
    let path: String

    func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError.fromErrno("open lock \(path)") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw CoreError.fromErrno("lock \(path)") }
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }
}
