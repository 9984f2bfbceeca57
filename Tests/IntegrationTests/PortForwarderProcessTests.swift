import Foundation
import Glibc
import NamespaceCore
@testable import Scenarios
import Targets
import Testing

/// A layout's published port served by a process of its own (`cbench app _forward`), the
/// helper counted in the layout's memory: a server in a network namespace of its own (only
/// loopback) answers through 127.0.0.1:PORT on the host; the forwarder is our child, named
/// by its command line; unpublish ends it and closes the port.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available, "needs root"))
struct PortForwarderProcessTests {
    static let server = """
    import socket, sys
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 8080)); s.listen(8)
    open(sys.argv[1], "w").close()
    while True:
        c, _ = s.accept(); c.recv(4096)
        body = b"served-from-the-namespace"
        c.sendall(b"HTTP/1.0 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body); c.close()
    """

    @Test func aPublishedPortIsServedByAHelperProcessThatGoesWithUnpublish() throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let ready = work + "/ready"
        let server = try Spawn(["unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec python3 -c \"$0\" \"$1\"", Self.server, ready],
                               stdout: .null, stderr: .null).start()
        defer {
            kill(server.pid, SIGKILL)
            _ = try? ChildProcess.wait(server.pid)
        }
        for _ in 0..<200 where access(ready, F_OK) != 0 { usleep(25_000) }
        try #require(access(ready, F_OK) == 0, "the server in its namespace never listened")

        let stack = ApplicationStack(name: "fwd", port: 8080, systemRoot: "/nonexistent", imageLayout: "/nonexistent", containers: [])
        let deployment = ApplicationDeployment(id: "fwd-\(getpid())", stack: stack, layout: .system, directory: work,
                                               hostPort: try ApplicationDeployment.freeLoopbackPort())
        try deployment.publish(into: try HeldNetworkNamespace(ofProcess: server.pid))
        let forwarder = try #require(deployment.forwarderPid)
        // Started, the forwarder re-executes itself sealed (cbench's start-up hook): its command
        // line reads empty while that execve runs, so wait until it has one.
        var commandLine = LayoutMemory.commandLine(of: forwarder)
        let deadline = MonotonicDeadline(seconds: 5)
        while commandLine.isEmpty && !deadline.hasPassed {
            usleep(10_000)
            commandLine = LayoutMemory.commandLine(of: forwarder)
        }
        #expect(LayoutHelper.name(commandLine: commandLine) == "cbench app _forward", "\(commandLine)")
        #expect(commandLine.last == "127.0.0.1:\(deployment.hostPort):8080")
        #expect(HostProcessStat.read(pid: forwarder)?.parentPid == getpid(), "the forwarder is the runner's child")
        #expect(LayoutMemory.proportionalSetSize(of: forwarder) > 0, "its memory can be read")

        let answer = try HTTPExchange(port: deployment.hostPort).send("/")
        #expect(answer.status == 200 && answer.text == "served-from-the-namespace", "\(answer.text)")

        deployment.unpublish()
        #expect(kill(forwarder, 0) != 0 && errno == ESRCH, "the forwarder is gone and reaped")
        #expect(deployment.forwarderPid == nil)
        #expect(throws: (any Error).self, "the port is closed") { try HTTPExchange(port: deployment.hostPort).send("/") }
    }
}
