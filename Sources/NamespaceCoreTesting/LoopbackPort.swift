#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Ports on 127.0.0.1 for tests that publish or connect: the port the kernel bound a socket to,
/// and one that was free a moment ago (a socket bound to port 0, read back, closed).
public enum LoopbackPort {
    /// The local port of `fd` (getsockname); 0 when it has none.
    public static func bound(to fd: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let read = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return read == 0 ? UInt16(bigEndian: address.sin_port) : 0
    }

    /// A TCP port on 127.0.0.1 that the kernel handed out just now.
    public static func free() throws(CoreError) -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CoreError.fromErrno("socket for a free loopback port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { throw CoreError.fromErrno("bind 127.0.0.1:0") }
        let port = Self.bound(to: fd)
        guard port != 0 else { throw CoreError.fromErrno("getsockname of 127.0.0.1:0") }
        return port
    }
}
