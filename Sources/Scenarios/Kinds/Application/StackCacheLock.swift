import Glibc
import NamespaceCore

/// An exclusive flock(2) on a stack's cache: two runs preparing the same stack wait for each
/// other instead of building into one store at once. Released on `release` or process exit.
struct StackCacheLock {
    let fd: Int32

    init(path: String, stage: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError.fromErrno("\(stage): open \(path)") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let error = CoreError.fromErrno("\(stage): flock \(path)")
                close(fd)
                throw error
            }
        }
        self.fd = fd
    }

    func release() {
        close(fd)
    }
}
