#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// flock(2) on the store's lock file: one writer at a time, across processes.
enum StoreLock {
    static func withExclusive<Result>(_ path: String, _ body: () throws(CoreError) -> Result) throws(CoreError) -> Result {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw CoreError(stage: "flock \(path)", errno: errno) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
