#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// runc's `--console-socket`: the caller (conmon, containerd-shim) listens on a unix stream
/// socket and receives the master of the container's pty as an SCM_RIGHTS descriptor, with
/// the pty's name as the message. The runtime keeps no end of it.
public enum ConsoleSocket {
    public static func send(master: Int32, name: String, to path: String) throws(CoreError) {
        let connection = try connect(to: path)
        defer { close(connection) }
        try UnixSocket.send(descriptor: master, message: name, over: connection)
    }

    /// A connection to the caller's socket (close-on-exec): `create` hands it to the container's
    /// process, which sends the master of a pty it opened inside (LaunchSpec.consoleSocket).
    public static func connect(to path: String) throws(CoreError) -> Int32 {
        do { return try UnixSocket.connect(to: path) } catch {
            throw CoreError(stage: "console socket \(path)", errno: error.errno,
                            detail: "cannot connect; give --console-socket the path of a listening unix socket")
        }
    }

    /// The error for a terminal with nowhere to send it (runc's rule: a detached terminal
    /// needs a console socket, and a socket without a terminal is a mistake).
    static func mismatch(stage: String, terminal: Bool) -> CoreError {
        terminal
            ? CoreError(stage: stage, detail: "process.terminal is true but no --console-socket was given; give one, or set terminal to false")
            : CoreError(stage: stage, detail: "--console-socket was given but process.terminal is false; drop it, or set terminal to true")
    }
}
