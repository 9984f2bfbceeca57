#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The few socket calls port publishing needs, on raw descriptors.
enum TCPSocket {
    static func address(_ host: String, _ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        let bytes = IPv4Address(host)?.bytes ?? [127, 0, 0, 1]
        address.sin_addr.s_addr = (UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        return address
    }

    static func newSocket() -> Int32 {
        socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    /// A listening socket on `host:port`; EADDRINUSE becomes an error naming the port.
    static func listen(host: String, port: UInt16) throws -> Int32 {
        let fd = newSocket()
        guard fd >= 0 else { throw CoreError.fromErrno("socket") }
        var on: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = address(host, port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if bound != 0 {
            let code = errno
            close(fd)
            if code == EADDRINUSE {
                throw CoreError(stage: "publish \(host):\(port)", detail: "host port \(host):\(port) is already taken: choose another with -p \(host):OTHERPORT:...")
            }
            throw CoreError(stage: "bind \(host):\(port)", errno: code)
        }
        guard Glibc.listen(fd, 128) == 0 else {
            let error = CoreError.fromErrno("listen \(host):\(port)")
            close(fd)
            throw error
        }
        return fd
    }

    /// A TCP connection to 127.0.0.1:`port` made from inside the network namespace `netnsFD`
    /// (a socket keeps the namespace it was made in).
    static func connectInside(netnsFD: Int32, port: UInt16) throws -> Int32 {
        let fd = try NetworkNamespace.socket(inNamespace: netnsFD, domain: AF_INET, type: Int32(SOCK_STREAM.rawValue),
                                             stage: "socket in container netns")
        var address = address("127.0.0.1", port)
        while true {
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if rc == 0 { return fd }
            if errno == EINTR { continue }
            let error = CoreError.fromErrno("connect to container port \(port)")
            close(fd)
            throw error
        }
    }

    /// Copies from `source` to `destination` until end of file or an error, then half-closes
    /// `destination` so the other side sees the end too.
    static func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        copying: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { send(destination, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break copying }
                offset += written
            }
        }
        _ = shutdown(destination, Int32(SHUT_WR))
    }
}
