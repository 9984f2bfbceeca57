#if canImport(Glibc)
import Glibc
#endif
import CShim

/// A process's network namespace, held by a descriptor from a moment the process cannot have
/// ended yet: the launcher's hook while the child waits before its execve, CRIU's post-restore
/// while the restored tree is still stopped, or a start hook of a runtime we drive. Whoever
/// serves the container's ports later uses this descriptor, never /proc/PID/ns/net again: a
/// command that exits at once (`true`) takes that path with it, and a reused pid would name
/// another process's namespace.
public final class HeldNetworkNamespace: Sendable {
    public let descriptor: Int32

    /// The namespace of `pid`, checked through a pidfd that the process was still alive once
    /// the namespace was open: one that ended in between is an error, not a stale namespace.
    public init(ofProcess pid: Int32) throws(CoreError) {
        let stage = "hold the network namespace of pid \(pid)"
        let pidfd = cshim_pidfd_open(pid, 0)
        guard pidfd >= 0 else { throw CoreError(stage: stage, errno: errno, detail: "the process is gone before its ports were served") }
        defer { close(pidfd) }
        let namespace = open("/proc/\(pid)/ns/net", O_RDONLY | O_CLOEXEC)
        guard namespace >= 0 else { throw CoreError(stage: "\(stage): open /proc/\(pid)/ns/net", errno: errno) }
        var exited = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        guard poll(&exited, 1, 0) == 0 else {
            close(namespace)
            throw CoreError(stage: stage, errno: ESRCH, detail: "the process ended while its namespace was opened")
        }
        descriptor = namespace
    }

    /// A namespace descriptor this process was handed by the one that held it (a helper
    /// serving a container's ports gets it as an inherited descriptor); owned from now on.
    public init(adopting descriptor: Int32) throws(CoreError) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw CoreError(stage: "adopt the network namespace at descriptor \(descriptor)", errno: errno) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        self.descriptor = descriptor
    }

    /// A path that opens this same namespace from this process.
    public var path: String { "/proc/self/fd/\(descriptor)" }

    deinit { close(descriptor) }
}
