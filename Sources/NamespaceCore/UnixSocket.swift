#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Unix stream sockets by path: the console relay's and the app monitor's.
public enum UnixSocket {
    /// A close-on-exec connection to the socket at `path`.
    public static func connect(to path: String) throws(CoreError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CoreError.fromErrno("socket") }
        var address = try Self.address(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw CoreError(stage: "connect to \(path)", errno: code)
        }
        return fd
    }

    /// A close-on-exec socket listening at `path` (made new: an existing file is an error),
    /// with room for `backlog` connections.
    public static func listen(at path: String, backlog: Int32 = 1) throws(CoreError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CoreError.fromErrno("socket") }
        var address = try Self.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw CoreError(stage: "listen at \(path)", errno: code)
        }
        return fd
    }

    public static func address(_ path: String) throws(CoreError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw CoreError(stage: "socket \(path)", errno: ENAMETOOLONG, detail: "the path is longer than \(capacity - 1) bytes; use a shorter run directory")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return address
    }
}
