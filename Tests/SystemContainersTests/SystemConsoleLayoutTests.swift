#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
@testable import SystemContainers

@Suite struct SystemConsoleLayoutTests {
    func parse(_ text: String) throws -> LXCConfig {
        try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
    }

    @Test func aConsoleUnlessNoneAsInLXC() throws {
        #expect(try parse("lxc.uts.name = a").consoleTerminals == ConsoleTerminalLayout(console: true, ttys: 0))
        #expect(try parse("lxc.console.path = none\nlxc.tty.max = 0").consoleTerminals.isEmpty)
        #expect(try parse("lxc.console.path = none\nlxc.console.path =").consoleTerminals.console, "empty: back to the default")
        let both = try parse("lxc.console.path = /dev/tty9\nlxc.tty.max = 2").consoleTerminals
        #expect(both.containerPaths == ["/dev/console", "/dev/tty1", "/dev/tty2"])
        #expect(both.relayIndex(tty: 0) == 0)
        #expect(both.relayIndex(tty: 2) == 2)
        #expect(both.relayIndex(tty: 3) == nil)
    }

    @Test func ttysWithoutAConsoleCountFromZero() throws {
        let layout = try parse("lxc.console.path = none\nlxc.tty.max = 2").consoleTerminals
        #expect(layout.containerPaths == ["/dev/tty1", "/dev/tty2"])
        #expect(layout.relayIndex(tty: 0) == nil)
        #expect(layout.relayIndex(tty: 1) == 0)
    }

    @Test func theBusyboxTemplateStaysFreeOfHostTerminals() throws {
        let config = try parse(SystemTemplate.busybox.config(name: "b", rootfs: "/"))
        #expect(config.consoleTerminals.isEmpty)
    }

    @Test func theRingKeepsTheLastBytesAndBoundsItsLog() throws {
        let path = "/tmp/systest-ring-\(getpid())"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer {
            close(fd)
            unlink(path)
        }
        var ring = ConsoleRing(capacity: 8, logFD: fd)
        for chunk in ["abcdef", "ghij", "klmnopq"] {
            Array(chunk.utf8).withUnsafeBytes { ring.append($0) }
        }
        #expect(String(decoding: ring.bytes, as: UTF8.self) == "jklmnopq")
        var status = stat()
        fstat(fd, &status)
        #expect(status.st_size <= 16, "the log is cut back to the ring")
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        _ = pread(fd, &bytes, bytes.count, 0)
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("jklmnopq"))
    }

    @Test func aHostPtyPairOpensWithItsSlavePath() throws {
        let pty = try PseudoTerminal.open()
        defer { pty.closeBoth() }
        #expect(pty.slavePath.hasPrefix("/dev/pts/"))
        #expect(PseudoTerminal.slavePath(of: pty.master) == pty.slavePath)
    }
}
