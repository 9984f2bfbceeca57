#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import NamespaceCore

/// Foreground `run`'s way back for the master the container's process opens in its devpts.
@Suite struct ConsoleChannelTests {
    /// The relay's channel: the master the child sends comes back with its name; a child that
    /// sent nothing (it failed before its console step) is an error, not a hang.
    @Test func theConsoleChannelReturnsTheSentMasterOrSaysNoneCame() throws {
        let channel = try ConsoleChannel.open()
        let pty = try PseudoTerminal.open()
        defer { pty.closeBoth() }
        try UnixSocket.send(descriptor: pty.master, message: "/dev/pts/0", over: channel.childEnd)
        let received = try channel.receive(stage: "test")
        defer { close(received.master) }
        #expect(received.slavePath == "/dev/pts/0")
        #expect(PseudoTerminal.slavePath(of: received.master) == pty.slavePath)

        let silent = try ConsoleChannel.open()
        let error = #expect(throws: CoreError.self) { try silent.receive(stage: "create x") }
        #expect(error?.description.contains("sent no pty master") == true, "\(String(describing: error))")
    }
}
