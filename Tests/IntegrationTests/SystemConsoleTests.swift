import Foundation
import Testing
import NamespaceCore
@testable import SystemContainers

/// The console of a running busybox container: a pty pair whose master the relay holds.
/// A program writes a command to a shell on /dev/console and reads its answer back.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemConsoleTests {
    /// Reads from `fd` until `wanted` appears or about 10 s pass; returns all it read.
    func read(_ fd: Int32, until wanted: String) -> String {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<100 where !text.contains(wanted) {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) >= 0 else { break }
            if entry.revents == 0 { continue }
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return text
    }

    func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        #expect(Glibc.write(fd, &bytes, bytes.count) == bytes.count)
    }

    @Test func aShellOnTheConsoleAnswersAProgram() throws {
        let h = try SystemTestHarness("console")
        defer { h.tearDown() }
        let name = h.name("con")
        try h.startWithShellOnConsole(name, inittab: "tty1::respawn:/sbin/getty -n -l /bin/sh 38400 tty1\n")

        #expect(try h.attach(name, ["ls", "-l", "/dev/console"]).hasPrefix("c"), "a character device (the pty slave)")
        let runtime = SystemRuntime(store: SystemStore(root: h.store, runRoot: h.runRoot))
        do {
            let console = try runtime.connectConsole(name: name)
            write(console.fd, "echo hello-console\n")
            let answer = read(console.fd, until: "\nhello-console")
            #expect(answer.contains("\nhello-console"), "\(answer)")
            // One client at a time.
            #expect(throws: CoreError.self) { _ = try runtime.connectConsole(name: name) }
        }
        do {
            let tty = try runtime.connectConsole(name: name, tty: 1)
            write(tty.fd, "echo on-tty1 $(tty)\n")
            let answer = read(tty.fd, until: "on-tty1 /dev/tty1")
            #expect(answer.contains("on-tty1 /dev/tty1"), "\(answer)")
        }
        #expect(throws: CoreError.self) { _ = try runtime.connectConsole(name: name, tty: 2) }
        let log = try String(contentsOfFile: runtime.store.consoleLogPath(of: name), encoding: .utf8)
        #expect(log.contains("hello-console"), "the console's output is kept in console.log")

        let kill = try h.system(["kill", name])
        #expect(kill.status == 0, "\(kill.stderr)")
        #expect(!FileManager.default.fileExists(atPath: runtime.store.consoleSocketPath(of: name)))
        #expect(h.leftovers(name) == ["store \(name)"], "\(h.leftovers(name))")
    }

    @Test func aContainerWithoutConsoleHasNoHostTerminal() throws {
        let h = try SystemTestHarness("noconsole")
        defer { h.tearDown() }
        let name = h.name("nocon")
        try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
        try h.startBooted(name)
        #expect(!FileManager.default.fileExists(atPath: "\(h.runRoot)/\(name)/console.sock"))
        let pid = try #require(try h.pid(name))
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
        for descriptor in descriptors {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)")) ?? ""
            #expect(!target.hasPrefix("/dev/pts"), "fd \(descriptor) of the init is \(target)")
        }
        let console = try h.system(["console", name])
        #expect(console.status != 0)
        #expect(console.stderr.contains("has no console"), "\(console.stderr)")
    }
}
