import Foundation
import NamespaceCore
import Testing

/// The children cbench-monitor runs (`_launch`, `_finish`) start with a small descriptor
/// table of their own, not a copy of the monitor's, which holds a pidfd per container: with
/// a copy, every start paid for N entries (copied at fork, closed again at execve). Needs
/// only the built monitor; a shell stands in for `cbench` and reports its table.
@Suite(.serialized, .enabled(if: CompanionLocator.monitor.locate() != nil, "needs a built cbench-monitor"))
struct MonitorChildTableTests {
    /// More descriptors than a fresh table's 64 (BITS_PER_LONG) slots: a copied table is larger.
    static let idleClients = 100

    /// `_launch` answers with its table's size (FDSize) and whether descriptor 3, its answer
    /// pipe, is a pipe; `_finish` is never reached (no container).
    static let launcher = """
        size=$(sed -n 's/^FDSize:[[:space:]]*//p' /proc/$$/status)
        answer=$(readlink /proc/$$/fd/3)
        echo "error fdsize=$size answer=$answer" >&3
        """

    @Test func launchChildHasASmallTableOfItsOwnWithItsAnswerPipe() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let binary = CompanionLocator.monitor.locate() else { return }
        let socket = directory + "/monitor.sock", lockPath = directory + "/monitor.lock"
        // Held as a starter holds it: an idle monitor leaves whenever it can take its lock.
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
        defer { close(lock) }
        let monitor = Process()
        monitor.executableURL = URL(fileURLWithPath: binary)
        monitor.arguments = [socket, lockPath, "--", "/bin/sh", "-c", Self.launcher, "sh"]
        try monitor.run()
        defer {
            if monitor.isRunning { kill(monitor.processIdentifier, SIGKILL) }
            monitor.waitUntilExit()
        }

        var idle: [Int32] = []
        defer { idle.forEach { close($0) } }
        idle.append(try Self.connect(to: socket))
        for _ in 1..<Self.idleClients { idle.append(try UnixSocket.connect(to: socket)) }
        let request = try UnixSocket.connect(to: socket)
        defer { close(request) }
        // The idle connections are in the monitor's table once it answers a later one.
        let line = "launch\ttable\t\(directory)\t\(directory)\n"
        #expect(line.withCString { write(request, $0, strlen($0)) } == line.utf8.count)
        let answer = Self.readAll(request)

        #expect(answer.hasPrefix("accepted\n"), "\(answer)")
        #expect(answer.contains("fdsize=64 "), "the child's table is a fresh one, not the monitor's: \(answer)")
        #expect(answer.contains("answer=pipe:"), "descriptor 3 is the launch's answer pipe: \(answer)")

        // With every client gone, nothing running and the lock free, the monitor leaves.
        flock(lock, LOCK_UN)
        idle.forEach { close($0) }
        idle = []
        monitor.waitUntilExit()
        #expect(monitor.terminationStatus == 0)
        #expect(access(socket, F_OK) != 0, "it removed its socket")
    }

    /// The first connection, once the monitor listens (it starts in the background).
    static func connect(to socket: String) throws -> Int32 {
        for _ in 0..<500 {
            if let connection = try? UnixSocket.connect(to: socket) { return connection }
            usleep(10_000)
        }
        return try UnixSocket.connect(to: socket)
    }

    static func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/cbench-monitor-table-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CoreError.fromErrno("mkdtemp") }
        return String(cString: made)
    }
}
