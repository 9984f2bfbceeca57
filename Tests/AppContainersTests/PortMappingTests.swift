#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NamespaceCoreTesting
import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct PortMappingTests {
    @Test func goodForms() throws {
        #expect(try PortMapping(parsing: "127.0.0.1:8080:80") == PortMapping(hostAddress: "127.0.0.1", hostPort: 8080, containerPort: 80))
        #expect(try PortMapping(parsing: "8080:80") == PortMapping(hostPort: 8080, containerPort: 80))
        #expect(try PortMapping(parsing: "8080:80/tcp") == PortMapping(hostPort: 8080, containerPort: 80))
        #expect(try PortMapping(parsing: "127.0.0.2:1:65535/tcp") == PortMapping(hostAddress: "127.0.0.2", hostPort: 1, containerPort: 65535))
        #expect(try PortMapping(parsing: "8080:80").description == "127.0.0.1:8080->80/tcp")
    }

    @Test func badFormsAreOneLineErrors() {
        let cases: [(String, String)] = [
            ("0.0.0.0:8080:80", "loopback only"),
            ("192.168.1.5:8080:80", "loopback only"),
            ("localhost:8080:80", "loopback only"),
            ("8080:80/udp", "only TCP"),
            ("80", "expected [127.0.0.1:]HOSTPORT:CONTAINERPORT"),
            ("1:2:3:4", "expected"),
            ("8080:0", "container port '0'"),
            ("70000:80", "host port '70000'"),
            (":80", "host port ''"),
            ("8080:http", "container port 'http'"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: CoreError.self) { try PortMapping(parsing: text) }
            #expect(error?.description.contains(expected) == true, "\(text): \(String(describing: error))")
            #expect(error?.description.contains("\n") == false)
        }
    }
}

/// Real loopback sockets; no container needed.
@Suite(.serialized) struct PortPublisherTests {
    @Test func aTakenPortIsAnErrorNamingItAndNothingStaysOpen() throws {
        let first = try PortPublisher.bind([try freeMapping()])
        defer { first.close() }
        let taken = first.mappings[0]
        let other = try freeMapping()
        let error = #expect(throws: CoreError.self) { try PortPublisher.bind([other, taken]) }
        #expect(error?.description.contains("host port 127.0.0.1:\(taken.hostPort) is already taken") == true, "\(String(describing: error))")
        // The socket bound to `other` before the failure was closed again: its port binds anew
        // (a listener left open would make this the "already taken" error). Not a count of the
        // process's descriptors, which the suites running beside this one change.
        let again = try #require(try? PortPublisher.bind([other]), "the first socket was closed again")
        again.close()
    }

    @Test func hostNetworkModeRefusesAPortForwardedToItself() throws {
        let free = try freeMapping()
        let publisher = try PortPublisher.bind([PortMapping(hostPort: free.hostPort, containerPort: free.hostPort)])
        defer { publisher.close() }
        let error = #expect(throws: CoreError.self) { try publisher.serve(in: HeldNetworkNamespace(ofProcess: getpid())) }
        #expect(error?.description.contains("shares the host's network") == true, "\(String(describing: error))")
    }

    /// A listener in this very namespace stands in for the container's server.
    @Test(.enabled(if: getuid() == 0, "setns needs CAP_SYS_ADMIN"))
    func forwardsBothWaysThroughTheNamespace() throws {
        let server = try TCPSocket.listen(host: "127.0.0.1", port: 0)
        defer { close(server) }
        let serverPort = LoopbackPort.bound(to: server)
        let mapping = try freeMapping(containerPort: serverPort)
        let publisher = try PortPublisher.bind([mapping])
        defer { publisher.close() }
        try publisher.serve(in: HeldNetworkNamespace(ofProcess: getpid()))

        let client = TCPSocket.newSocket()
        defer { close(client) }
        var address = TCPSocket.address("127.0.0.1", mapping.hostPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let accepted = accept(server, nil, nil)
        try #require(accepted >= 0)
        defer { close(accepted) }
        #expect(send(client, "ping", 4, 0) == 4)
        #expect(readString(accepted, 4) == "ping")
        #expect(send(accepted, "pong!", 5, 0) == 5)
        shutdown(accepted, Int32(SHUT_WR))
        #expect(readString(client, 100) == "pong!")
    }
}

/// A mapping from a loopback port free a moment ago to `containerPort`.
func freeMapping(containerPort: UInt16 = 80) throws -> PortMapping {
    PortMapping(hostPort: try LoopbackPort.free(), containerPort: containerPort)
}

/// Reads until `limit` bytes or end of file.
func readString(_ fd: Int32, _ limit: Int) -> String {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: limit)
    while bytes.count < limit {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, limit - bytes.count) }
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
