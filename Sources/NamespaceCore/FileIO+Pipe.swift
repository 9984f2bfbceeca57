#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// pipe(2) with both ends close-on-exec (pipe2 is hidden from Swift's Glibc module):
    /// a child is given an end only by placing it (`Spawn.placing`).
    public static func closeOnExecPipe(stage: String) throws(CoreError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw CoreError(stage: "\(stage): pipe", errno: errno) }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }
}
