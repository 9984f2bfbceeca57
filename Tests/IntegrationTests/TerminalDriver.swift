import Foundation
import NamespaceCore
import Testing

/// Runs a command with a pty of the test's as its stdin, stdout and stderr, as a user at a
/// terminal would run it, and talks to it through the master: what `script` does, in process.
final class TerminalDriver {
    let terminal: PseudoTerminal
    let process = Process()
    private(set) var output = ""

    /// `rows`/`columns`: the window size the command sees on its terminal.
    init(_ arguments: [String], environment: [String: String], rows: UInt16 = 33, columns: UInt16 = 97) throws {
        terminal = try PseudoTerminal.open()
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(terminal.master, UInt(TIOCSWINSZ), &size)
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let slave = FileHandle(fileDescriptor: terminal.slave, closeOnDealloc: false)
        process.standardInput = slave
        process.standardOutput = slave
        process.standardError = slave
        try process.run()
        close(terminal.slave)
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(terminal.master)
    }

    /// Types `text` (a control character such as "\u{3}" for Ctrl-C too).
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        #expect(write(terminal.master, &bytes, bytes.count) == bytes.count)
    }

    /// Reads until `wanted` has appeared or `seconds` pass (a cap against hanging, not a
    /// timing check); returns whether it appeared.
    @discardableResult
    func read(until wanted: String, seconds: Int = 30) -> Bool {
        for _ in 0..<(seconds * 10) where !output.contains(wanted) {
            guard readSome(milliseconds: 100) else { break }
        }
        return output.contains(wanted)
    }

    /// Reads what is left until the command has closed the terminal (EIO), at most about 30 s
    /// (then it is ended), and returns its exit status.
    func finish() -> Int32 {
        for _ in 0..<300 where readSome(milliseconds: 100) {}
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// False once the terminal has no writer left (EIO) or an error occurred.
    private func readSome(milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: terminal.master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, milliseconds)
        if ready < 0 { return errno == EINTR }
        if ready == 0 { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = Glibc.read(terminal.master, &buffer, buffer.count)
        guard count > 0 else { return false }
        output += String(decoding: buffer[0..<count], as: UTF8.self)
        return true
    }
}
