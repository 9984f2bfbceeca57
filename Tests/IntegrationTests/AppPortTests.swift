import Foundation
import Testing
import NamespaceCore
import NamespaceCoreTesting
@testable import AppContainers

/// Published ports: a server inside the container answers on 127.0.0.1 of the host; a taken
/// host port is refused before any container exists.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppNetworkTestHost.available, "needs root and /bin/busybox"))
struct AppPortTests {
    @Test(arguments: [false, true])
    func publishedPortAnswersOnLoopback(onNetwork: Bool) throws {
        let h = try AppNetworkTestHost()
        defer { h.tearDown() }
        let networks = onNetwork ? [try h.makeNetwork().name] : ["none"]
        let mapping = PortMapping(hostPort: try LoopbackPort.free(), containerPort: 80)
        let publisher = try PortPublisher.bind([mapping])
        defer { publisher.close() }
        let web = try h.start("web", ["httpd", "-f", "-p", "80", "-h", "/www"], networks: networks) { pid in
            try publisher.serve(in: HeldNetworkNamespace(ofProcess: pid))
        }
        // httpd may not listen yet: a forwarded connection is then closed at once; try again.
        var answer = ""
        for _ in 0..<100 where !answer.contains("200 OK") {
            answer = AppPortTests.httpGet(port: mapping.hostPort)
            if !answer.contains("200 OK") { usleep(50_000) }
        }
        #expect(answer.contains("200 OK"), "\(answer)")
        #expect(answer.contains("hello from the container"), "\(answer)")
        try h.kill(web)
    }

    /// `cbench app run -p` on a taken host port, as a user meets it: one line naming the
    /// port, a non-zero exit, and no container, name, run state, mount, cgroup or link left.
    @Test func takenHostPortIsAnErrorWithNothingMade() throws {
        let taken = try TCPSocket.listen(host: "127.0.0.1", port: 0)
        defer { close(taken) }
        let port = LoopbackPort.bound(to: taken)
        let harness = try AppTestHarness("takenport")
        defer { harness.tearDown() }
        let host = try CgroupHost.current()
        let links = AppNetworkTestHost.hostLinks()
        let cgroups = Cgroup.leftovers(host: host)
        let outcome = try harness.app(["run", "-d", "--name", harness.name("web"), "-p", "127.0.0.1:\(port):80",
                                       harness.image, "sleep", "100"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("host port 127.0.0.1:\(port) is already taken"), "\(outcome.stderr)")
        #expect(harness.leftovers().isEmpty)
        #expect(try harness.ok(["ps", "-a", "-q"]).isEmpty)
        #expect(Cgroup.leftovers(host: host) == cgroups)
        #expect(AppNetworkTestHost.hostLinks() == links)
    }

    /// One HTTP/1.0 GET of / on 127.0.0.1:`port`; whatever came back ("" on refusal).
    static func httpGet(port: UInt16) -> String {
        let fd = TCPSocket.newSocket()
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var address = TCPSocket.address("127.0.0.1", port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        let request = "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        return readAll(fd)
    }
}
