#if canImport(Glibc)
import Glibc
#endif
import Archive
import Checkpoints
import NamespaceCore
import Testing
@testable import SystemContainers

/// A move to another host opens one ssh session before the freeze and streams the container
/// into `cbench system import /dev/stdin --restore` through it; a stand-in for ssh (a shell that
/// says ready and keeps what it reads, or fails as ssh does) shows what arrives, what comes back
/// and how a failed connection, import or restore is reported.
@Suite struct RemoteSystemStreamTests {
    func scratch() throws -> String { try SystemMigrationArchiveTests().scratch() }

    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    /// Writes `count` bytes of a pattern into `sink` in pieces, more than a pipe holds.
    static func writePattern(_ sink: ArchiveWriter.Sink, count: Int) throws -> UInt64 {
        let bytes = pattern(count)
        for start in stride(from: 0, to: count, by: 10_000) {
            try bytes[start..<min(start + 10_000, count)].withUnsafeBytes { raw in try sink(raw) }
        }
        return UInt64(count)
    }

    /// The sections of a stream a stand-in kept, each whole.
    static func sections(of path: String, count: Int) throws -> [[UInt8]] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
        defer { close(fd) }
        let reader = StreamSections.Reader(fd: fd, what: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)
        defer { buffer.deallocate() }
        var sections: [[UInt8]] = []
        for _ in 0..<count {
            var bytes: [UInt8] = []
            while case let read = try reader.read(into: buffer), read > 0 { bytes += buffer[0..<read] }
            sections.append(bytes)
            try reader.nextSection()
        }
        return sections
    }

    /// A stand-in for ssh running `script` with `sh -c` (what ssh would be given after it:
    /// options, host, command, lands in $1... and is ignored), opened as a migration's session is.
    static func connected(_ script: String, _ arguments: [String] = []) throws -> RemoteSystemDestination {
        let destination = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", script] + arguments)
        try destination.open("web", tcpEstablished: true, pageServer: nil)
        return destination
    }

    @Test func theStreamArrivesWholeThroughTheSessionAndTheRestoreReportComesBack() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let received = "\(directory)/received"
        let report = #"{"statistics":{"restoreMicroseconds":1500},"parts":[{"name":"import","start":5,"end":9},{"name":"criu restore","start":10,"end":20}]}"#
        let destination = try Self.connected("echo ready; cat > \"$0\"; echo '\(report)'", [received])
        let moved = try destination.send("web") { sink in try Self.writePattern(sink, count: 1 << 20) }
        #expect(moved == 1 << 20)
        let outcome = try destination.restore("web", tcpEstablished: true, lazyPages: false, pageServer: nil)
        #expect(try Self.sections(of: received, count: 1) == [Self.pattern(1 << 20)])
        #expect(outcome.statistics.restoreMicroseconds == 1500)
        #expect(outcome.parts.map(\.name) == ["import", "criu restore"])
        #expect(outcome.parts.last?.end == 20)
    }

    @Test func theRemoteCommandImportsThenRestoresAndSaysWhenItIsReady() {
        let lazy = PageServerAddress(address: "10.251.0.2", port: 7000)
        #expect(RemoteSystemDestination.importCommand("web", tcpEstablished: true, pageServer: lazy)
                == ["cbench", "system", "import", "/dev/stdin", "web", "--restore", "--say-ready", "--root-first", "--json", "--tcp-established",
                    "--lazy-pages-from", "10.251.0.2:7000"])
        #expect(RemoteSystemDestination.importCommand("web", tcpEstablished: false, pageServer: nil).suffix(4)
                == ["--restore", "--say-ready", "--root-first", "--json"])
    }

    @Test func aStopAndCopyAsksTheRemoteForAPageServerWhichSaysItsPortAfterTheRoot() throws {
        // The pages all there, the remote restores lazily from them (the tree runs before they are read).
        #expect(RemoteSystemDestination.importCommand("web", tcpEstablished: false, pageServer: nil, receivePages: true).suffix(2)
                == ["--receive-pages", "--lazy-restore"])
        let plain = RemoteSystemDestination.importCommand("web", tcpEstablished: false, pageServer: nil)
        #expect(!plain.contains("--receive-pages") && !plain.contains("--lazy-restore"))
        let session = try RemoteImportSession.open(["/bin/sh", "-c", "echo ready; echo root; echo pages 7001; cat >/dev/null", "--", "cbench"],
                                                   stage: "connect")
        try session.expect("root", stage: "root")
        #expect(try session.expectLine(startingWith: "pages ", stage: "pages") == "7001")
        #expect(try session.finish().status == 0)
    }

    @Test func aRemoteWithoutItsPagesLineFailsTheConnectWithWhatItSaid() throws {
        let session = try RemoteImportSession.open(["/bin/sh", "-c", "echo ready; echo root; echo 'cbench: criu page-server: exited' >&2; exit 1",
                                                    "--", "cbench"], stage: "connect")
        try session.expect("root", stage: "root")
        let error = #expect(throws: CoreError.self) { try session.expectLine(startingWith: "pages ", stage: "its page server") }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("no 'pages ...' from it") && text.contains("(exit 1): cbench: criu page-server: exited"), "\(text)")
    }

    @Test func anUnreachableHostFailsTheConnectBeforeAnythingFreezesInOneLineNamingSsh() throws {
        let error = #expect(throws: CoreError.self) {
            try Self.connected("echo 'ssh: connect to host 10.251.0.3 port 22: Connection refused' >&2; exit 255")
        }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("migrate web: connect to lab2: cbench system import /dev/stdin web --restore"), "\(text)")
        #expect(text.contains("(ssh failed): ssh: connect to host 10.251.0.3 port 22: Connection refused"), "\(text)")
        #expect(!text.contains("\n"))
    }

    @Test func aSessionSilentPastItsTimeoutIsEndedAndSaysSo() throws {
        let started = MonotonicClock.now()
        let error = #expect(throws: CoreError.self) {
            _ = try RemoteImportSession.open(["/bin/sh", "-c", "sleep 30", "--", "cbench", "system", "import"], stage: "connect",
                                             timeoutMilliseconds: 200)
        }
        #expect(error.map { String(describing: $0) }?.contains("no 'ready' from it within 200 ms") == true, "\(String(describing: error))")
        // Ended by SIGTERM, not waited out: well before the sleep's 30 s.
        #expect(MonotonicClock.now() - started < 20_000_000_000)
    }

    @Test func aFailedImportThereIsReportedWithItsExit() throws {
        // The importer reads part of the stream, then refuses it (a full disk, a taken name).
        let destination = try Self.connected("echo ready; head -c 100 >/dev/null; echo 'cbench: import: no space left on device' >&2; exit 1")
        let error = #expect(throws: CoreError.self) {
            try destination.send("web") { sink in try Self.writePattern(sink, count: 1 << 20) }
        }
        #expect(error.map { String(describing: $0) }?.contains("exit 1: cbench: import: no space left on device") == true)
        // The session is over: a restore after it names the missing session, it does not hang.
        #expect(throws: CoreError.self) { try destination.restore("web", tcpEstablished: true, lazyPages: false, pageServer: nil) }
    }

    @Test func anExportCutShortFailsTheTransferAfterTheImporterSawTheEnd() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let destination = try Self.connected("echo ready; cat > \"$0\"", ["\(directory)/received"])
        let error = #expect(throws: CoreError.self) {
            try destination.send("web") { sink in
                _ = try Self.writePattern(sink, count: 4096)
                throw CoreError(stage: "export web", errno: EIO)
            }
        }
        #expect(error?.stage == "export web")
    }

    @Test func aRestoreThatFailsThereIsItsExitAndFirstLine() throws {
        let destination = try Self.connected("echo ready; cat >/dev/null; echo 'cbench: restore web: criu exited 1' >&2; exit 1")
        _ = try destination.send("web") { sink in try Self.writePattern(sink, count: 1000) }
        let error = #expect(throws: CoreError.self) { try destination.restore("web", tcpEstablished: true, lazyPages: false, pageServer: nil) }
        #expect(error.map { String(describing: $0) }?.contains("exit 1: cbench: restore web: criu exited 1") == true)
    }

    @Test func theUncompressedStreamIsAPlainTarTheImportReads() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories("\(directory)/rootfs/etc")
        try FileIO.write("\(directory)/rootfs/etc/hostname", Array("web\n".utf8))
        let archive = "\(directory)/web.tar"
        let fd = open(archive, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        let writer = try GzipTarFile(descriptor: fd, compression: .none, what: "export of web")
        try writer.addFile(named: "metadata.yaml", bytes: Array("architecture: x86_64\ncreation_date: 1\n".utf8))
        try writer.addTree("\(directory)/rootfs", as: "rootfs")
        try writer.finish()
        close(fd)
        let bytes = try FileIO.read(archive)
        #expect(writer.bytesWritten == UInt64(bytes.count))
        // ustar's magic at 257: no compression in front of the tar.
        #expect(Array(bytes[257..<262]) == Array("ustar".utf8))
        try FileIO.makeDirectories("\(directory)/container")
        let contents = try SystemArchiveReader(path: archive).extract(into: "\(directory)/container")
        #expect(contents.hadRootfs)
        #expect(try FileIO.read("\(directory)/container/rootfs/etc/hostname") == Array("web\n".utf8))
    }

    @Test func thePageServerListensOnTheAddressThatRoutesToTheHost() throws {
        // "ssh -G lab2" names the host's address; the route to loopback starts at loopback.
        let destination = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", "echo user root; echo hostname 127.0.0.1; echo port 22"])
        let reserved = try #require(try destination.reservePageServerPort())
        defer { reserved.release() }
        #expect(reserved.pageServerAddress.address == "127.0.0.1")
        #expect(reserved.port > 0)
        let nameless = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", "echo user root"])
        #expect(throws: CoreError.self) { _ = try nameless.reservePageServerPort() }
    }
}
