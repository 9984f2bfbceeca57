#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Unix stream sockets for the console relay: one listener per running container, one
/// client at a time.
enum ConsoleSocket {
    /// Binds and listens at `path` (mode 0600: the console is root's); close-on-exec.
    static func listen(at path: String) throws(CoreError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CoreError.fromErrno("socket") }
        unlink(path)
        var address = try Self.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, chmod(path, 0o600) == 0, Glibc.listen(fd, 4) == 0 else {
            let code = errno
            close(fd)
            unlink(path)
            throw CoreError(stage: "listen on \(path)", errno: code)
        }
        return fd
    }

    static func connect(to path: String) throws(CoreError) -> Int32 {
        try UnixSocket.connect(to: path)
    }

    static func address(_ path: String) throws(CoreError) -> sockaddr_un {
        try UnixSocket.address(path)
    }

    /// Writes all of `bytes`; false when the peer is gone.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&entry, 1, 1000)
                    continue
                }
                return false
            }
            offset += written
        }
        return true
    }

    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }
}
