#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// Opens `path` (created with mode 0600 when missing) and takes an exclusive flock(2) on
    /// it, waiting as long as another holds it. Closing the descriptor releases the lock.
    public static func lockExclusive(_ path: String, stage: String) throws(CoreError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError.fromErrno("\(stage): open \(path)") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let error = CoreError.fromErrno("\(stage): flock \(path)")
                close(fd)
                throw error
            }
        }
        return fd
    }
}
