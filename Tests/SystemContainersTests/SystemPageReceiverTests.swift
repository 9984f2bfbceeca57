#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore
import Testing
@testable import SystemContainers

/// A stop-and-copy move to another host sends the pages to a `criu page-server` the import
/// starts into the new container's checkpoint directory before it says `root`: a stand-in for
/// criu (a shell script: what it was given, when it says it listens, how it ends) shows that
/// the import waits for it, names its failures, and ends it when the stream breaks.
@Suite struct SystemPageReceiverTests {
    func scratch() throws -> String { try SystemTestScratch.make("pagereceiver") }

    /// A criu stand-in running `body` after recording its pid and arguments in `record`.
    static func fakeCRIU(in directory: String, body: String) throws -> CRIUService {
        let path = "\(directory)/criu"
        try FileIO.write(path, Array("#!/bin/sh\necho \"$$ $*\" > \(directory)/record\n\(body)\n".utf8))
        chmod(path, 0o755)
        return CRIUService(executable: path)
    }

    static let listens = "printf '\\0' >&3; exec 3>&-"

    static func record(in directory: String) throws -> (pid: pid_t, arguments: [String]) {
        let words = String(decoding: try FileIO.read("\(directory)/record"), as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
        return (pid_t(words.first ?? "") ?? -1, Array(words.dropFirst()))
    }

    @Test func thePageServerIsReadyOnceItSaysSoAndFinishesWithItsExit() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let service = try Self.fakeCRIU(in: directory, body: Self.listens + "; exit 0")
        let pid = try service.startPageServer(imageDirectory: directory, port: 7123)
        try service.finishPageServer(pid, imageDirectory: directory)
        let record = try Self.record(in: directory)
        #expect(record.pid == pid, "setpriv execs criu in place")
        #expect(record.arguments == ["page-server", "--images-dir", directory, "--port", "7123", "--status-fd", "3",
                                     "--log-file", "page-server.log", "-v4"])
    }

    @Test func aPageServerThatEndsBeforeItListensIsAnErrorNamingItsLog() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let service = try Self.fakeCRIU(in: directory, body: "exit 3")
        let error = #expect(throws: CheckpointError.self) { try service.startPageServer(imageDirectory: directory, port: 7124) }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("criu page-server on port 7124") && text.contains("exited (status 3) before it listened"), "\(text)")
        #expect(text.contains("\(directory)/page-server.log"), "\(text)")
    }

    @Test func aPageServerFailingAfterTheDumpFailsTheFinish() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let service = try Self.fakeCRIU(in: directory, body: Self.listens + "; exit 1")
        let pid = try service.startPageServer(imageDirectory: directory, port: 7125)
        let error = #expect(throws: CheckpointError.self) { try service.finishPageServer(pid, imageDirectory: directory) }
        #expect(error.map { String(describing: $0) }?.contains("exited 1 after the dump") == true, "\(String(describing: error))")
    }

    @Test func theImportStartsThePageServerIntoTheCheckpointBeforeTheRootIsSaidAndWaitsForIt() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = try SystemRootPassesTests.source(in: directory) { root in try SystemRootPassesTests.write("\(root)/file", "x") }
        let stream = "\(directory)/stream"
        _ = try SystemRootPassesTests.stream(runtime, to: stream) { _ in }
        // The stand-in writes a "pages" file where it was told, as the dump's pages would land.
        let service = try Self.fakeCRIU(in: directory, body: Self.listens + "; echo pages > \"$3/pages-1.img\"; exit 0")
        let destination = SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run"))
        let fd = open(stream, O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        var said: UInt16?
        try destination.importSections(from: fd, as: "web", receivingPages: true, service: service) { port, _ in
            said = port
            // Listening already when the source is told.
            #expect(access("\(directory)/record", F_OK) == 0)
        }
        let record = try Self.record(in: directory)
        #expect(said.map { record.arguments.contains(String($0)) } == true, "\(record.arguments) \(String(describing: said))")
        #expect(record.arguments.contains(destination.store.checkpointDirectory(of: "web")))
        #expect(destination.store.exists("web"))
        #expect(try FileIO.read("\(destination.store.checkpointDirectory(of: "web"))/pages-1.img") == Array("pages\n".utf8))
    }

    @Test func aStreamBrokenAfterThePageServerStartedEndsItAndLeavesNothing() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = try SystemRootPassesTests.source(in: directory) { root in
            try SystemRootPassesTests.write("\(root)/file", String(repeating: "x", count: 100_000))
        }
        let stream = "\(directory)/stream"
        _ = try SystemRootPassesTests.stream(runtime, to: stream) { root in
            try SystemRootPassesTests.write("\(root)/file", String(repeating: "y", count: 100_000))
        }
        var info = stat()
        #expect(stat(stream, &info) == 0)
        #expect(truncate(stream, info.st_size - 5_000) == 0)
        // Listens, then waits for a dump that never comes.
        let service = try Self.fakeCRIU(in: directory, body: Self.listens + "; exec sleep 60")
        let destination = SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run"))
        let fd = open(stream, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        let error = #expect(throws: CoreError.self) {
            try destination.importSections(from: fd, as: "web", receivingPages: true, service: service) { _, _ in }
        }
        #expect(error.map { String(describing: $0) }?.contains("the stream ended inside a section") == true, "\(String(describing: error))")
        let pid = try Self.record(in: directory).pid
        #expect(pid > 0 && kill(pid, 0) != 0, "the page server \(pid) was ended and reaped")
        #expect(!destination.store.exists("web"))
    }
}
