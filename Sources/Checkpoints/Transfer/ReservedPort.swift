#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Synchronization

/// A TCP port held for a CRIU page server that binds it later: a socket bound to it with
/// SO_REUSEADDR that never listens. While it is held the kernel gives the port to no one else
/// (an automatic bind and an outgoing connection pass it over, a bind without SO_REUSEADDR
/// fails with EADDRINUSE), yet CRIU's server socket, which sets SO_REUSEADDR, binds and
/// listens beside it. Release it once CRIU listens. Picking a free port and closing it before
/// CRIU bound it left a window in which another process could take the port.
public final class ReservedPort: Sendable {
    public let address: IPv4Address
    public let port: UInt16
    private let descriptor: Mutex<Int32>

    private init(address: IPv4Address, port: UInt16, descriptor: Int32) {
        self.address = address
        self.port = port
        self.descriptor = Mutex(descriptor)
    }

    deinit { release() }

    /// A port the kernel picks on `address` (0.0.0.0: every address of this network namespace).
    public static func reserve(on address: IPv4Address, stage: String) throws(CheckpointError) -> ReservedPort {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CheckpointError(stage: "\(stage): socket", errno: errno) }
        var on: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            let code = errno
            close(fd)
            throw CheckpointError(stage: "\(stage): SO_REUSEADDR", errno: code)
        }
        var local = address.socketAddress(port: 0)
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        var size = length
        let bound = withUnsafeMutablePointer(to: &local) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &size) == 0 }
        }
        guard bound else {
            let code = errno
            close(fd)
            throw CheckpointError(stage: "\(stage): bind \(address):0", errno: code)
        }
        return ReservedPort(address: address, port: UInt16(bigEndian: local.sin_port), descriptor: fd)
    }

    /// Lets the port go (CRIU holds it now, or the migration ended). Idempotent.
    public func release() {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    /// `body` with the held descriptor (-1 once released).
    func withDescriptor<T>(_ body: (Int32) -> T) -> T {
        descriptor.withLock { body($0) }
    }

    /// The page server's address for CRIU and its peer.
    public var pageServerAddress: PageServerAddress {
        PageServerAddress(address: address.description, port: Int32(port))
    }
}
