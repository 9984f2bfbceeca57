#if canImport(Glibc)
import Glibc
#endif
import CShim

/// A named network namespace kept alive by a bind mount at /run/netns/NAME, exactly as
/// `ip netns add` makes it, so `ip netns exec` and `ip -n` see it. Simulated hosts and the
/// harness's container networks live in these; names start with `cbench-` so
/// `cbench cleanup` can find what a crash left behind.
public struct NetworkNamespace: Sendable, Equatable {
    public static let directory = "/run/netns"
    public static let namePrefix = "cbench-"

    public let name: String
    public var path: String { "\(NetworkNamespace.directory)/\(name)" }

    /// Refers to a namespace by name without checking that it exists.
    public init(name: String) {
        self.name = name
    }

    public var exists: Bool { access(path, F_OK) == 0 }

    /// Creates the namespace (loopback down, as the kernel makes it). The calling thread
    /// unshares, binds and returns to its own namespace inside one C call (cshim_netlink.h).
    @discardableResult
    public static func create(named name: String) throws -> NetworkNamespace {
        let stage = "netns create \(name)"
        guard name.hasPrefix(namePrefix), name.count > namePrefix.count, !name.contains("/") else {
            throw CoreError(stage: stage, detail: "network namespace names must start with \(namePrefix) and hold no /")
        }
        if mkdir("/run", 0o755) != 0 && errno != EEXIST { throw CoreError.fromErrno("\(stage): mkdir /run") }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST { throw CoreError.fromErrno("\(stage): mkdir \(directory)") }
        let prepared = cshim_netns_prepare_directory(directory)
        guard prepared == 0 else { throw CoreError(stage: "\(stage): share \(directory)", errno: -prepared) }
        let namespace = NetworkNamespace(name: name)
        let created = cshim_netns_create_at(namespace.path)
        guard created == 0 else { throw CoreError(stage: stage, errno: -created) }
        return namespace
    }

    /// A new namespace held only by the returned close-on-exec descriptor (no file, nothing to
    /// remove: it goes with its last holder); the caller closes it.
    public static func createAnonymous(stage: String) throws(CoreError) -> Int32 {
        let fd = cshim_netns_create_fd()
        guard fd >= 0 else { throw CoreError(stage: "\(stage): new network namespace", errno: -fd) }
        return fd
    }

    /// Unmounts and removes the namespace's file. The namespace itself goes when its last
    /// process and socket are gone. A namespace that is already gone is not an error.
    public func delete() throws {
        if umount2(path, Int32(MNT_DETACH)) != 0 && errno != EINVAL && errno != ENOENT {
            throw CoreError.fromErrno("netns delete \(name): umount")
        }
        if unlink(path) != 0 && errno != ENOENT {
            throw CoreError.fromErrno("netns delete \(name): unlink")
        }
    }

    /// An open, close-on-exec descriptor of the namespace (for IFLA_NET_NS_FD or setns); the
    /// caller closes it.
    public func openDescriptor() throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError.fromErrno("netns open \(name)") }
        return fd
    }

    /// rtnetlink operations inside this namespace, from any thread.
    public func routeNetlink() throws -> RouteNetlink {
        let fd = try openDescriptor()
        defer { close(fd) }
        return RouteNetlink(socket: try NetlinkRouteSocket(namespaceDescriptor: fd))
    }
}
