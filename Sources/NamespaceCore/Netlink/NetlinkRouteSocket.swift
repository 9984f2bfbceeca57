#if canImport(Glibc)
import Glibc
#endif
import CShim

/// A real NETLINK_ROUTE socket, in the caller's network namespace or in another one.
/// Close-on-exec; closed when released.
public final class NetlinkRouteSocket: NetlinkSocket {
    public let descriptor: Int32
    private static let receiveBufferSize = 64 * 1024

    /// A socket in the calling thread's network namespace.
    public convenience init() throws {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), NETLINK_ROUTE)
        guard fd >= 0 else { throw CoreError.fromErrno("netlink socket") }
        try self.init(adopting: fd)
    }

    /// A socket created inside the network namespace `namespaceDescriptor` (an open
    /// /proc/PID/ns/net or /run/netns/NAME). The C helper enters the namespace on this thread
    /// only for the socket(2) call and comes back before returning (cshim_netlink.h).
    public convenience init(namespaceDescriptor: Int32) throws {
        let fd = cshim_netlink_socket_in_netns(namespaceDescriptor)
        guard fd >= 0 else { throw CoreError(stage: "netlink socket in netns", errno: -fd) }
        try self.init(adopting: fd)
    }

    /// Takes ownership of an open NETLINK_ROUTE socket and binds it.
    public init(adopting fd: Int32) throws {
        descriptor = fd
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
            }
        }
        guard bound == 0 else {
            let error = CoreError.fromErrno("netlink bind")
            close(fd)
            throw error
        }
        // Best effort: capped acks keep error replies small, extended acks add the kernel's reason.
        var on: Int32 = 1
        _ = setsockopt(fd, Netlink.solNetlink, Netlink.capAckOption, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, Netlink.solNetlink, Netlink.extAckOption, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    public func send(_ bytes: [UInt8]) throws {
        while true {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            if sent == bytes.count { return }
            if sent < 0 && errno == EINTR { continue }
            if sent < 0 { throw CoreError.fromErrno("netlink send") }
            throw CoreError(stage: "netlink send", detail: "short send of \(sent) of \(bytes.count) bytes")
        }
    }

    public func receive() throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: NetlinkRouteSocket.receiveBufferSize)
        while true {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received >= 0 { return Array(buffer.prefix(received)) }
            if errno == EINTR { continue }
            throw CoreError.fromErrno("netlink receive")
        }
    }
}
