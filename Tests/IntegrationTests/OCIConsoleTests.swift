import Foundation
import Glibc
import Testing
import NamespaceCore

/// `create --console-socket`, as conmon and containerd-shim call it: the master arrives over a
/// unix socket, and inside the container the terminal is one of its own devpts.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCIConsoleTests {
    /// The pty comes from the container's devpts: `tty` names /dev/pts/N (the name sent with
    /// the master), and /dev/console is that same character device (pts major 136).
    @Test func theConsoleSocketGetsAPtyOfTheContainersOwnDevpts() throws {
        let h = try OCITestHarness("console")
        defer { h.tearDown() }
        let id = h.id("tty")
        let script = "busybox tty; stat -c 'console %F %t:%T' /dev/console; stat -L -c \"slave %t:%T\" \"$(busybox tty)\"; echo END"
        let bundle = try Self.terminalBundle(h, script: script)
        let listener = try Self.listen(at: h.workDir + "/console.sock")
        defer { close(listener) }

        let created = try h.oci(["create", "--bundle", bundle, "--console-socket", h.workDir + "/console.sock", id])
        try #require(created.status == 0, "create: \(created.stderr)")
        let connection = accept(listener, nil, nil)
        #expect(connection >= 0)
        defer { close(connection) }
        let received = try UnixSocket.receiveDescriptor(over: connection)
        let master = try #require(received.descriptor)
        defer { close(master) }
        let name = received.message
        #expect(name.hasPrefix("/dev/pts/") && Int(name.dropFirst("/dev/pts/".count)) != nil, "sent name: \(name)")

        #expect(try h.oci(["start", id]).status == 0)
        let lines = Self.readAll(master).split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first == name, "tty inside: \(lines)")
        #expect(lines.contains { $0.hasPrefix("console character special file 88:") }, "pts major 136: \(lines)")
        let console = lines.first { $0.hasPrefix("console ") }?.split(separator: " ").last
        let slave = lines.first { $0.hasPrefix("slave ") }?.split(separator: " ").last
        #expect(console != nil && console == slave, "/dev/console is the slave: \(lines)")
        #expect(lines.contains("END"), "\(lines)")

        let pid = try h.state(id)["pid"] as? Int32 ?? 0
        if pid > 0 { h.reap(pid) }
        #expect(try h.oci(["delete", "--force", id]).status == 0)
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    /// Foreground `run` on a terminal, no socket: the process opens its pty in the container's
    /// devpts just as with a socket, and cbench-oci relays it, so `tty` names /dev/pts/N there
    /// (a host pty's name does not resolve inside, and `tty` says "not a tty"), that is also
    /// /dev/console, and the window size and exit code come through.
    @Test func foregroundRunRelaysAPtyOfTheContainersOwnDevpts() throws {
        let h = try OCITestHarness("fgtty")
        defer { h.tearDown() }
        let id = h.id("run")
        let script = "echo \"tty=$(busybox tty)\"; stat -c 'console %t:%T' /dev/console; stat -L -c 'slave %t:%T' \"$(busybox tty)\"; stty size; exit 7"
        let bundle = try Self.terminalBundle(h, script: script)
        let run = try TerminalDriver([h.binary, "--root", h.stateRoot, "run", "--bundle", bundle, id], environment: [:])
        #expect(run.finish() == 7, "\(run.output)")
        let lines = run.output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let tty = lines.first { $0.hasPrefix("tty=") }.map { String($0.dropFirst("tty=".count)) } ?? ""
        #expect(tty.hasPrefix("/dev/pts/") && Int(tty.dropFirst("/dev/pts/".count)) != nil, "tty inside: \(run.output)")
        let console = lines.first { $0.hasPrefix("console ") }?.split(separator: " ").last
        let slave = lines.first { $0.hasPrefix("slave ") }?.split(separator: " ").last
        #expect(console != nil && console == slave && console?.hasPrefix("88:") == true, "/dev/console is the slave: \(run.output)")
        #expect(lines.contains("33 97"), "window size: \(run.output)")
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    /// A bundle running `sh -c script` with `process.terminal` set.
    static func terminalBundle(_ h: OCITestHarness, script: String) throws -> String {
        try h.bundle("b", args: ["sh", "-c", script]) { config in
            var process = config["process"] as? [String: Any] ?? [:]
            process["terminal"] = true
            config["process"] = process
        }
    }

    static func listen(at path: String) throws -> Int32 {
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = try UnixSocket.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(listener >= 0 && bound == 0 && Glibc.listen(listener, 1) == 0)
        return listener
    }

    /// Everything the process writes, until its slave is gone (EIO) or a long guard ends the wait.
    static func readAll(_ master: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 30_000) > 0 else { break }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
