#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The client end of a container's terminal: a connection to its relay, as `cbench system
/// console` and tests use it.
public struct SystemConsoleConnection: ~Copyable {
    /// Read and write the terminal through it; closed when the connection goes.
    public let fd: Int32

    init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }
}

extension SystemRuntime {
    /// Joins terminal `tty` (0: the console) of a running container. The relay's recent
    /// output of that terminal is the first thing read.
    public func connectConsole(name: String, tty: Int = 0) throws(CoreError) -> SystemConsoleConnection {
        let record = try requireRunning(name)
        let layout = try store.loadConfig(of: name).consoleTerminals
        guard record.consoleRelayPid != nil, !layout.isEmpty else {
            throw CoreError(stage: "console \(name)", detail: "has no console (lxc.console.path = none, lxc.tty.max = 0); set them and restart it")
        }
        guard let index = layout.relayIndex(tty: tty) else {
            throw CoreError(stage: "console \(name) --tty \(tty)", detail: "no such terminal: it has \(layout.console ? "a console (0) and " : "")\(layout.ttys) tty(s)")
        }
        let connection = SystemConsoleConnection(fd: try ConsoleSocket.connect(to: store.consoleSocketPath(of: name)))
        guard ConsoleSocket.writeAll(connection.fd, [UInt8(index)]) else {
            throw CoreError(stage: "console \(name)", errno: errno, detail: "the relay closed the connection")
        }
        let answer = Self.readLine(connection.fd)
        guard answer == "ok" else {
            throw CoreError(stage: "console \(name)", detail: answer.hasPrefix("error ") ? String(answer.dropFirst(6)) : "the relay closed the connection")
        }
        return connection
    }

    /// Byte by byte, so nothing after the line is taken from the stream.
    static func readLine(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 256 {
            let count = read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == 0x0a { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Relays a user's terminal to a console connection in raw mode until Ctrl-a q (Ctrl-a
/// Ctrl-a sends one Ctrl-a) or until the container's side closes.
public enum ConsoleTerminalSession {
    public static let escape: UInt8 = 0x01

    public enum Ending: Sendable, Equatable { case detached, closed }

    public static func run(_ connection: borrowing SystemConsoleConnection, input: Int32 = 0, output: Int32 = 1) -> Ending {
        let raw = RawTerminalMode.enter(input)
        defer { raw?.restore() }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var escapePending = false
        while true {
            var entries = [pollfd(fd: input, events: Int16(POLLIN), revents: 0), pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0)]
            if poll(&entries, 2, -1) < 0 {
                if errno == EINTR { continue }
                return .closed
            }
            if entries[1].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(connection.fd, $0.baseAddress, $0.count) }
                if count <= 0 { return .closed }
                buffer.withUnsafeBytes { _ = ConsoleSocket.writeAll(output, UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
            if entries[0].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count <= 0 { return .detached }
                var forward: [UInt8] = []
                for byte in buffer[0..<count] {
                    if escapePending {
                        escapePending = false
                        if byte == UInt8(ascii: "q") { return .detached }
                        forward.append(escape)
                        if byte != escape { forward.append(byte) }
                    } else if byte == escape {
                        escapePending = true
                    } else {
                        forward.append(byte)
                    }
                }
                if !forward.isEmpty, !ConsoleSocket.writeAll(connection.fd, forward) { return .closed }
            }
        }
    }
}
