#if canImport(Glibc)
import Glibc
#endif
import Testing
import Checkpoints
import JSONRecords
import NamespaceCore
@testable import AppContainers

/// Pre-copy's destination in cbench app: the import reads the source's request lines from the
/// stream before the archive, receives each pre-dump through a page server of its own (a shell
/// script stands in for criu), then the final dump's, and the archive that follows fills the
/// same tree without undoing what the page servers wrote.
@Suite struct AppPreCopyImportTests {
    static let sourceID = String(repeating: "a", count: 64)

    /// A criu stand-in: `page-server --images-dir DIR` writes DIR/pages-1.img ("pages of DIR"),
    /// says it listens and exits 0; each start is appended to `started`.
    static func fakeCRIU(in directory: String) throws -> CRIUService {
        let path = "\(directory)/criu"
        try FileIO.write(path, Array("""
            #!/bin/sh
            echo "$3" >> \(directory)/started
            echo "pages of $3" > "$3/pages-1.img"
            printf '\\0' >&3; exec 3>&-
            exit 0

            """.utf8))
        chmod(path, 0o755)
        return CRIUService(executable: path)
    }

    /// The source's images after two pre-dumps and the final dump, as its CRIU left them with
    /// the pages sent away: the archive of them, as a move streams it.
    static func sourceArchive(_ scratch: TemporaryAppStore) throws -> [UInt8] {
        let store = scratch.store
        let images = store.storedCheckpointDirectory(of: sourceID)
        for round in ["pre-1", "pre-2"] {
            try FileIO.makeDirectories("\(images)/\(round)")
            try FileIO.write("\(images)/\(round)/inventory.img", Array("inventory of \(round)".utf8))
        }
        #expect(symlink("../pre-1", "\(images)/pre-2/parent") == 0)
        #expect(symlink("pre-2", "\(images)/parent") == 0)
        try FileIO.makeDirectories(store.upperDirectory(of: sourceID))
        let record = AppContainerRecord(id: sourceID, name: "web", created: "now", config: AppContainerConfig(image: "busybox"),
                                        image: TemporaryAppStore.image)
        try JSONRecord.write(AppCheckpointRecord(record: record, attachments: []), to: AppCheckpointRecord.path(in: images))
        try FileIO.write("\(images)/core-1.img", Array("core of the init".utf8))
        for name in AppCheckpointArchive.hostFiles { try FileIO.write("\(store.directory(of: sourceID))/\(name)", Array("\(name)\n".utf8)) }
        let archive = "\(scratch.directory)/archive.tar"
        let fd = open(archive, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        _ = try AppCheckpointArchive.stream(store: store, id: sourceID, into: fd, what: "the test's stream")
        return try FileIO.read(archive)
    }

    /// A pipe, opened again through /proc/self/fd as a move's /dev/stdin is (its 64 KiB hold
    /// the test's whole stream).
    static func pipe() throws -> [Int32] {
        var ends: [Int32] = [-1, -1]
        try #require(Glibc.pipe(&ends) == 0)
        return ends
    }

    @Test func thePreDumpsAreReceivedBeforeTheArchiveWhichKeepsTheirPagesAndLinks() throws {
        let source = try TemporaryAppStore()
        let archive = try Self.sourceArchive(source)
        let scratch = try TemporaryAppStore()
        let runtime = AppRuntime(store: scratch.store, resolveImage: { _ in TemporaryAppStore.image }, networking: NoAppNetworking())
        let service = try Self.fakeCRIU(in: scratch.directory)
        let stream = try Self.pipe()
        defer { close(stream[0]) }
        // As a source sends it: each request once the answer before it came (the stream is
        // watched while a pre-dump's page server waits, and a source sends nothing then), the
        // archive once the final dump's page server is named.
        var next = [Array("pre-dump 2\n".utf8), Array("dump after 2\n".utf8), archive]
        #expect(FileIO.writeAll(stream[1], Array("pre-dump 1\n".utf8)))
        var said: [String] = []
        let record = try runtime.importCheckpoint("/proc/self/fd/\(stream[0])", name: nil, imagesPassThrough: true,
                                                  receivingPages: true, preCopy: true, say: { line in
            said.append(line)
            guard said.count % 2 == 0 || said.count == 5, !next.isEmpty else { return }
            #expect(FileIO.writeAll(stream[1], next.removeFirst()), "the stream (archive \(archive.count) bytes) fits the pipe")
            if next.isEmpty { close(stream[1]) }
        }, service: service)
        #expect(said.count == 5, "\(said)")
        #expect(said.enumerated().allSatisfy { index, line in index % 2 == 1 || line.hasPrefix("pages ") }, "\(said)")
        #expect(said[1] == "pre-dumped 1\n" && said[3] == "pre-dumped 2\n", "\(said)")
        let images = scratch.store.movingImages.directory(of: record.id)
        #expect(record.name == "web")
        for round in ["pre-1", "pre-2"] {
            #expect(String(decoding: try FileIO.read("\(images)/\(round)/inventory.img"), as: UTF8.self) == "inventory of \(round)")
            #expect(String(decoding: try FileIO.read("\(images)/\(round)/pages-1.img"), as: UTF8.self).hasPrefix("pages of "),
                    "the page server's pages of \(round) are kept")
        }
        #expect(String(decoding: try FileIO.read("\(images)/pages-1.img"), as: UTF8.self).hasPrefix("pages of "), "the final dump's")
        #expect(String(decoding: try FileIO.read("\(images)/core-1.img"), as: UTF8.self) == "core of the init")
        #expect(FileIO.readLink("\(images)/parent") == "pre-2")
        #expect(FileIO.readLink("\(images)/pre-2/parent") == "../pre-1")
        let started = String(decoding: try FileIO.read("\(scratch.directory)/started"), as: UTF8.self).split(separator: "\n")
        #expect(started.count == 3 && started[0].hasSuffix("/pre-1") && started[1].hasSuffix("/pre-2"), "\(started)")
        scratch.store.removeFiles(id: record.id, name: record.name)
    }

    @Test func aStreamThatEndsDuringPreCopyLeavesNothing() throws {
        let scratch = try TemporaryAppStore()
        let runtime = AppRuntime(store: scratch.store, resolveImage: { _ in TemporaryAppStore.image }, networking: NoAppNetworking())
        let service = try Self.fakeCRIU(in: scratch.directory)
        let stream = try Self.pipe()
        defer { close(stream[0]) }
        #expect(FileIO.writeAll(stream[1], Array("pre-dump 1\n".utf8)))
        // The source goes once its first pre-dump is in.
        let error = #expect(throws: CoreError.self) {
            _ = try runtime.importCheckpoint("/proc/self/fd/\(stream[0])", name: nil, imagesPassThrough: true,
                                             receivingPages: true, preCopy: true, say: { line in
                if line == PreDumpedLine.line(iteration: 1) { close(stream[1]) }
            }, service: service)
        }
        #expect(error.map { "\($0)" }?.contains("the stream ended during pre-copy, after 1 pre-dump(s)") == true, "\(String(describing: error))")
        #expect(access(scratch.store.movingImages.root, F_OK) != 0, "no images left in the run root")
        #expect((try? FileIO.names(in: scratch.store.containersDirectory))?.isEmpty ?? true, "no container made")
    }
}
