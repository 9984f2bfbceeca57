#if canImport(Glibc)
import Glibc
#endif
import CShim

/// The way back for the master of a pty the container's process opens in its own devpts
/// (`LaunchSpec.consoleSocket`, CShim's console.c), when the caller relays that terminal
/// itself rather than a `--console-socket` listener: a socket pair, one end for the child,
/// as runc does for a foreground `run` on a terminal. So `tty` inside names /dev/pts/N of the
/// container, by the same opening as with a console socket.
public struct ConsoleChannel: Sendable {
    /// For `LaunchSpec.consoleSocket`; closed by `receive` (or `close`).
    public let childEnd: Int32
    let callerEnd: Int32

    public static func open() throws(CoreError) -> ConsoleChannel {
        var fds: [Int32] = [-1, -1]
        guard cshim_seqpacket_pair(&fds) == 0 else { throw CoreError.fromErrno("socketpair for the container's console") }
        return ConsoleChannel(childEnd: fds[1], callerEnd: fds[0])
    }

    /// After the launch returned (the child sent before its start gate or execve): the master
    /// and its path inside the container. Closes both ends of the channel.
    public func receive(stage: String) throws(CoreError) -> (master: Int32, slavePath: String) {
        Glibc.close(childEnd) // a child that died before sending then gives EOF, not a hang
        defer { Glibc.close(callerEnd) }
        let received = try UnixSocket.receiveDescriptor(over: callerEnd)
        guard let master = received.descriptor else {
            throw CoreError(stage: stage, errno: EPROTO, detail: "the container's process sent no pty master")
        }
        return (master, received.message)
    }

    /// Closes both ends (the launch failed before `receive`).
    public func close() {
        Glibc.close(childEnd)
        Glibc.close(callerEnd)
    }
}
