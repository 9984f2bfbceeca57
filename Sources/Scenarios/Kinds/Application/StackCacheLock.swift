import Glibc
import NamespaceCore

/// An exclusive flock(2) on a stack's cache: two runs preparing the same stack wait for each
/// other instead of building into one store at once. Released on `release` or process exit.
struct StackCacheLock {
    let fd: Int32

    init(path: String, stage: String) throws {
        fd = try FileIO.lockExclusive(path, stage: stage)
    }

    func release() {
        close(fd)
    }
}
