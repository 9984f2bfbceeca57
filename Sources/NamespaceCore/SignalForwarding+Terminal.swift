#if canImport(Glibc)
import Glibc
#endif
import CShim

/// The caller's side of a container's terminal (`-t`): what it types goes to the pty's
/// master, what the container writes comes back, and the caller's window size follows.
public struct TerminalAttachment: Sendable {
    /// The pty master the container's slave belongs to.
    public var master: Int32
    /// Where keystrokes come from (the caller's stdin), nil without `-i`.
    public var input: Int32?
    /// Where the container's output goes: the caller's stdout, and the log when one is kept.
    public var outputs: [Int32]
    /// The caller's terminal whose window size the pty takes (at start and on SIGWINCH).
    public var windowSource: Int32

    public init(master: Int32, input: Int32?, outputs: [Int32], windowSource: Int32) {
        self.master = master
        self.input = input
        self.outputs = outputs
        self.windowSource = windowSource
    }
}

extension SignalForwarding {
    /// Until the process ends: relay the terminal, pass signals on (SIGWINCH resizes the pty
    /// instead), with the caller's terminal in raw mode while keystrokes go through it (so
    /// Ctrl-C reaches the container's terminal as a byte, as with docker and lxc-attach).
    /// Then what the container wrote last is drained. The caller closes its copy of the
    /// slave before this, so the master sees EIO once every process holding it is gone.
    public static func wait(for process: ContainerProcess, signals signalFD: Int32, terminal: TerminalAttachment) throws -> ExitStatus {
        let raw = terminal.input.flatMap(RawTerminalMode.enter(_:))
        defer { raw?.restore() }
        var input = terminal.input
        var masterOpen = true
        var exited = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !exited || masterOpen {
            var fds = [pollfd(fd: exited ? -1 : process.pidfd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: masterOpen ? terminal.master : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: exited ? -1 : input ?? -1, events: Int16(POLLIN), revents: 0)]
            // After the exit only the last output is waited for, briefly: a process of an
            // exec'd shell left running in the background may hold the slave open.
            if try pollRetrying(&fds, timeout: exited ? 200 : -1) == 0 { break }
            if fds[1].revents & Int16(POLLIN) != 0, let signal = nextSignal(signalFD), !exited {
                if signal == SIGWINCH {
                    PseudoTerminal.copyWindowSize(from: terminal.windowSource, to: terminal.master)
                } else {
                    try? process.signal(signal)
                }
            }
            if fds[2].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(terminal.master, $0.baseAddress, $0.count) }
                if count > 0 {
                    for output in terminal.outputs { buffer.withUnsafeBytes { _ = FileIO.writeAll(output, UnsafeRawBufferPointer(rebasing: $0[0..<count])) } }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    masterOpen = false // EIO: no process holds the slave any more
                }
            }
            if let source = input, fds[3].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
                if count > 0 {
                    buffer.withUnsafeBytes { _ = FileIO.writeAll(terminal.master, UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    input = nil // the caller's input ended; the container keeps its terminal
                }
            }
            if !exited && fds[0].revents != 0 { exited = true }
        }
        return try process.wait()
    }
}

/// A terminal switched to raw mode (no echo, no line editing, no signals from keys), put
/// back as it was by `restore`.
public struct RawTerminalMode {
    let fd: Int32
    let saved: termios

    /// nil when `fd` is not a terminal.
    public static func enter(_ fd: Int32) -> RawTerminalMode? {
        var saved = termios()
        guard isatty(fd) == 1, tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        cfmakeraw(&raw)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        return RawTerminalMode(fd: fd, saved: saved)
    }

    public func restore() {
        var saved = self.saved
        tcsetattr(fd, TCSANOW, &saved)
    }
}
