#if canImport(Glibc)
import Glibc
#endif

/// Opening rtnetlink in another process's network namespace (a container's).
extension RouteNetlink {
    /// rtnetlink operations inside the network namespace of process `pid`.
    public static func inNamespace(ofProcess pid: Int32) throws -> RouteNetlink {
        let fd = open("/proc/\(pid)/ns/net", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError.fromErrno("netns open /proc/\(pid)/ns/net") }
        defer { close(fd) }
        return RouteNetlink(socket: try NetlinkRouteSocket(namespaceDescriptor: fd))
    }
}
