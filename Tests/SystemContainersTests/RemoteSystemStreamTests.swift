#if canImport(Glibc)
import Glibc
#endif
import Archive
import Checkpoints
import NamespaceCore
import Testing
@testable import SystemContainers

/// A move to another host streams the container into `cbench system import /dev/stdin` through
/// ssh; a stand-in for ssh (a shell that keeps what it reads, or fails as ssh does) shows what
/// arrives and how a failed connection or import is reported.
@Suite struct RemoteSystemStreamTests {
    func scratch() throws -> String { try SystemMigrationArchiveTests().scratch() }

    /// Writes `count` bytes of a pattern into `fd`, more than a pipe holds.
    static func writePattern(_ fd: Int32, count: Int) throws -> UInt64 {
        let bytes = (0..<count).map { UInt8($0 % 251) }
        var offset = 0
        while offset < count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw CoreError(stage: "write pattern", errno: errno) }
            offset += written
        }
        return UInt64(count)
    }

    @Test func theStreamArrivesWholeThroughSsh() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let received = "\(directory)/received"
        // "ssh": keeps its stdin; what ssh would be given after it (options, host, command) is ignored.
        let destination = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", "cat > \"$0\"", received])
        let moved = try destination.stream("web", stage: "migrate web: transfer") { fd in try Self.writePattern(fd, count: 1 << 20) }
        #expect(moved == 1 << 20)
        #expect(try FileIO.read(received) == (0..<(1 << 20)).map { UInt8($0 % 251) })
    }

    @Test func anUnreachableHostIsOneLineNamingSsh() throws {
        let destination = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", "echo 'ssh: connect to host 10.251.0.3 port 22: Connection refused' >&2; exit 255"])
        let error = #expect(throws: CoreError.self) {
            try destination.stream("web", stage: "migrate web: transfer") { fd in try Self.writePattern(fd, count: 1 << 20) }
        }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("migrate web: transfer: ssh lab2 cbench system import /dev/stdin web"), "\(text)")
        #expect(text.contains("ssh failed: ssh: connect to host 10.251.0.3 port 22: Connection refused"), "\(text)")
        #expect(!text.contains("\n"))
    }

    @Test func aFailedImportThereIsReportedWithItsExit() throws {
        // The importer reads part of the stream, then refuses it (a full disk, a taken name).
        let destination = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", "head -c 100 >/dev/null; echo 'cbench: import: no space left on device' >&2; exit 1"])
        let error = #expect(throws: CoreError.self) {
            try destination.stream("web", stage: "migrate web: transfer") { fd in try Self.writePattern(fd, count: 1 << 20) }
        }
        #expect(error.map { String(describing: $0) }?.contains("exit 1: cbench: import: no space left on device") == true)
    }

    @Test func anExportCutShortFailsTheTransferAfterTheImporterSawTheEnd() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let destination = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", "cat > \"$0\"", "\(directory)/received"])
        let error = #expect(throws: CoreError.self) {
            try destination.stream("web", stage: "migrate web: transfer") { fd in
                _ = try Self.writePattern(fd, count: 4096)
                throw CoreError(stage: "export web", errno: EIO)
            }
        }
        #expect(error?.stage == "export web")
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
        let address = try #require(try destination.pageServerAddress())
        #expect(address.address == "127.0.0.1")
        #expect(address.port > 0 && address.port < 65536)
        let nameless = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", "echo user root"])
        #expect(throws: CoreError.self) { _ = try nameless.pageServerAddress() }
    }
}
