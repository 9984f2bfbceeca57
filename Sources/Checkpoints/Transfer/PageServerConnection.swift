#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The TCP connection between a dump's page server and its peer, made by cbench in the host's
/// network namespace and handed to CRIU (`--ps-socket`, the RPC's `ps.fd`): a CRIU that runs
/// in the container's own namespace (so that it dumps none of it) may not reach the other
/// host from there, and the connection exists before the freeze instead of inside it.
public enum PageServerConnection {
    /// A close-on-exec TCP connection to `address`, or an error naming it; a peer that does not
    /// answer within `timeoutMilliseconds` is an error too.
    public static func connect(to address: PageServerAddress, stage: String,
                               timeoutMilliseconds: Int32 = 10_000) throws(CheckpointError) -> Int32 {
        guard let ip = IPv4Address(address.address), address.port > 0, address.port < 65536 else {
            throw CheckpointError(stage: "\(stage): connect to \(address)", detail: "not an IPv4 address and port")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw CheckpointError(stage: "\(stage): socket", errno: errno) }
        var peer = ip.socketAddress(port: UInt16(address.port))
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        var rc = withUnsafePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) } }
        var code = rc == 0 ? 0 : errno
        if rc != 0 && code == EINPROGRESS {
            var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            repeat { rc = poll(&waiting, 1, timeoutMilliseconds) } while rc < 0 && errno == EINTR
            var size = socklen_t(MemoryLayout<Int32>.size)
            code = rc == 0 ? ETIMEDOUT : rc < 0 ? errno : (getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &size) == 0 ? code : errno)
        }
        guard code == 0 else {
            close(fd)
            throw CheckpointError(stage: "\(stage): connect to \(address)", errno: code)
        }
        // CRIU reads and writes it blocking, as a socket of its own.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }
}

extension ReservedPort {
    /// The held port listens for the page server's peer itself (CRIU then binds nothing): the
    /// peer's connection waits in the backlog until `accept` takes it.
    public func listen() throws(CheckpointError) {
        let failed = withDescriptor { Glibc.listen($0, 1) != 0 ? errno : 0 }
        guard failed == 0 else { throw CheckpointError(stage: "listen on \(address):\(port)", errno: failed) }
    }

    /// The peer's connection (close-on-exec), waited for up to `timeoutMilliseconds`.
    public func accept(timeoutMilliseconds: Int32) throws(CheckpointError) -> Int32 {
        let stage = "accept the page server's peer on \(address):\(port)"
        let result: (fd: Int32, errno: Int32) = withDescriptor { fd in
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            var polled: Int32
            repeat { polled = poll(&waiting, 1, timeoutMilliseconds) } while polled < 0 && errno == EINTR
            guard polled > 0 else { return (-1, polled == 0 ? ETIMEDOUT : errno) }
            let taken = Glibc.accept(fd, nil, nil)
            guard taken >= 0 else { return (-1, errno) }
            _ = fcntl(taken, F_SETFD, FD_CLOEXEC)
            return (taken, 0)
        }
        guard result.fd >= 0 else { throw CheckpointError(stage: stage, errno: result.errno) }
        return result.fd
    }
}
