import Foundation
import Glibc
import NamespaceCore
import Testing
@testable import OCIRuntime

/// The console-socket message: the pty master travels as an SCM_RIGHTS descriptor with the
/// pty's name as its bytes, as conmon and containerd-shim read it.
@Suite struct ConsoleSocketTests {
    @Test func aDescriptorTravelsWithItsName() throws {
        var pair: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { close(pair[0]); close(pair[1]) }
        let sent = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(sent) }
        try UnixSocket.send(descriptor: sent, message: "/dev/pts/7", over: pair[0])
        let received = try UnixSocket.receiveDescriptor(over: pair[1])
        #expect(received.message == "/dev/pts/7")
        let descriptor = try #require(received.descriptor)
        defer { close(descriptor) }
        var first = stat(), second = stat()
        #expect(fstat(sent, &first) == 0 && fstat(descriptor, &second) == 0)
        #expect(first.st_ino == second.st_ino && first.st_dev == second.st_dev && descriptor != sent)
        #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0)
    }

    @Test func theSocketPathIsReachedAndAMissingOneNamed() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path + "/console.sock"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = try UnixSocket.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0 && listen(listener, 1) == 0)
        let pty = try PseudoTerminal.open()
        defer { pty.closeBoth() }
        try ConsoleSocket.send(master: pty.master, name: pty.slavePath, to: path)
        let connection = accept(listener, nil, nil)
        defer { close(connection) }
        let received = try UnixSocket.receiveDescriptor(over: connection)
        #expect(received.message == pty.slavePath)
        let master = try #require(received.descriptor)
        defer { close(master) }
        #expect(PseudoTerminal.slavePath(of: master) == pty.slavePath)

        #expect(coreErrorText { try ConsoleSocket.send(master: pty.master, name: "x", to: directory.path + "/absent.sock") }?
            .hasPrefix("console socket \(directory.path)/absent.sock: ENOENT") == true)
    }

    @Test func aTerminalAndASocketGoTogether() {
        #expect(ConsoleSocket.mismatch(stage: "create c", terminal: true).description
            == "create c: process.terminal is true but no --console-socket was given; give one, or set terminal to false")
        #expect(ConsoleSocket.mismatch(stage: "create c", terminal: false).description
            == "create c: --console-socket was given but process.terminal is false; drop it, or set terminal to true")
    }
}
