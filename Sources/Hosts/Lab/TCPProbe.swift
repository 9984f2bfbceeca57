#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// One blocking TCP connect, to tell when a server listens (lab addresses only).
enum TCPProbe {
    static func connects(to address: IPv4Address, port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var socketAddress = address.socketAddress(port: port)
        let rc = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return rc == 0
    }
}
