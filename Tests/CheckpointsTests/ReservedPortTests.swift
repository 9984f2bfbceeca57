import Checkpoints
import Glibc
import NamespaceCore
import Testing

/// A page server's port held until CRIU binds it: no one else binds it meanwhile, CRIU's own
/// socket (SO_REUSEADDR, as its setup_tcp_server makes it) binds and listens beside the hold,
/// and the port is free again once both let go. Real sockets on loopback; no root needed.
struct ReservedPortTests {
    /// A TCP socket bound to `address:port`, with SO_REUSEADDR when `reuse`: its descriptor, or
    /// the errno of the bind.
    static func bind(_ address: IPv4Address, _ port: UInt16, reuse: Bool) -> Result<Int32, CheckpointError> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var on: Int32 = 1
        if reuse { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_port = port.bigEndian
        local.sin_addr.s_addr = address.bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        let rc = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            return .failure(CheckpointError(stage: "bind", errno: code))
        }
        return .success(fd)
    }

    static let loopback = IPv4Address(127, 0, 0, 1)

    @Test func aHeldPortIsRefusedToAPlainBindOnItsAddressAndOnEveryAddress() throws {
        let held = try ReservedPort.reserve(on: Self.loopback, stage: "test")
        defer { held.release() }
        #expect(held.port > 0)
        #expect(held.pageServerAddress == PageServerAddress(address: "127.0.0.1", port: Int32(held.port)))
        for address in [Self.loopback, IPv4Address(0, 0, 0, 0)] {
            guard case .failure(let error) = Self.bind(address, held.port, reuse: false) else {
                Issue.record("\(address):\(held.port) was bound while held")
                continue
            }
            #expect(error.errno == EADDRINUSE)
        }
    }

    @Test func criusOwnServerSocketBindsAndListensBesideTheHold() throws {
        let held = try ReservedPort.reserve(on: IPv4Address(0, 0, 0, 0), stage: "test")
        defer { held.release() }
        let server = try Self.bind(IPv4Address(0, 0, 0, 0), held.port, reuse: true).get()
        defer { close(server) }
        #expect(listen(server, 1) == 0, "listen beside the hold: errno \(errno)")
        held.release()
        // Held and released, the port is CRIU's alone: a plain bind still finds it taken.
        guard case .failure(let error) = Self.bind(Self.loopback, held.port, reuse: false) else {
            Issue.record("the listening server's port was bound again")
            return
        }
        #expect(error.errno == EADDRINUSE)
    }

    @Test func aReleasedPortIsFreeAgainAndReleaseIsIdempotent() throws {
        let held = try ReservedPort.reserve(on: Self.loopback, stage: "test")
        held.release()
        held.release()
        let again = try Self.bind(Self.loopback, held.port, reuse: false).get()
        close(again)
    }
}
