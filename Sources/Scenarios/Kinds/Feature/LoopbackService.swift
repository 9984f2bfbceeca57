import Glibc

/// A TCP listener on the host's 127.0.0.1 (ephemeral port) that a network-isolated container
/// must not reach. Never accepts: a connect that succeeds is already the evidence.
final class LoopbackService {
    let fd: Int32
    let address: String

    init?() {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(socketFD, socketAddress, length) == 0 && listen(socketFD, 4) == 0
                    && getsockname(socketFD, socketAddress, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(socketFD)
            return nil
        }
        fd = socketFD
        self.address = "127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
    }

    func close() { Glibc.close(fd) }
}
