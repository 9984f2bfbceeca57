#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
@testable import Checkpoints

/// Pre-copy's destination side, either mode: the source's request lines, and the receiver that
/// runs one page server per pre-dump into its own directory, linked to the one before, with a
/// shell script standing in for criu (it says it listens, writes a page file where it was
/// told, and exits as the test says).
struct PreCopyReceiverTests {
    func scratch() throws -> String {
        var template = Array("/tmp/cbench-precopy-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CheckpointError.fromErrno("mkdtemp") }
        return String(cString: made)
    }

    /// A criu stand-in in `directory`: `page-server --images-dir DIR ...` writes DIR/pages-1.img,
    /// says it listens on descriptor 3 and exits with `status` (or does `then`); each start
    /// appends DIR to `started`.
    func fakeCRIU(in directory: String, status: Int = 0, then: String? = nil) throws -> CRIUService {
        let path = "\(directory)/criu"
        try FileIO.write(path, Array("""
            #!/bin/sh
            echo "$3" >> \(directory)/started
            echo pages > "$3/pages-1.img"
            printf '\\0' >&3; exec 3>&-
            \(then ?? "exit \(status)")

            """.utf8))
        chmod(path, 0o755)
        return CRIUService(executable: path)
    }

    /// The requests `lines` in turn, then the stream's end.
    final class Requests {
        var lines: [String]
        init(_ lines: [String]) { self.lines = lines }
        func next() -> String? { lines.isEmpty ? nil : lines.removeFirst() }
    }

    @Test func theRequestLinesReadBackAsTheyWereWritten() {
        for request in [PreCopyRequestLine.preDump(iteration: 1), .preDump(iteration: 12), .dump(after: 3)] {
            #expect(PreCopyRequestLine(line: String(request.line.dropLast())) == request, "\(request.line)")
            #expect(request.line.hasSuffix("\n"))
        }
        #expect(PreCopyRequestLine.preDump(iteration: 2).line == "pre-dump 2\n")
        #expect(PreCopyRequestLine.dump(after: 2).line == "dump after 2\n")
        for other in ["pre-dump 0", "pre-dump", "pre-dump x", "dump after 0", "dump", "pages 7000", "pre-dump  1", ""] {
            #expect(PreCopyRequestLine(line: other) == nil, "\(other)")
        }
        #expect(PreDumpedLine.line(iteration: 4) == "pre-dumped 4\n")
        #expect(PreDumpedLine.iteration(ofLine: "pre-dumped 4") == 4)
        #expect(PreDumpedLine.iteration(ofLine: "pre-dump 4") == nil)
    }

    @Test func eachPreDumpGetsItsOwnServerAndDirectoryLinkedToTheOneBefore() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let images = "\(directory)/images"
        #expect(mkdir(images, 0o700) == 0)
        let receiver = PreCopyReceiver(service: try fakeCRIU(in: directory), images: images, stage: "import web")
        let requests = Requests(["pre-dump 1", "pre-dump 2", "dump after 2", "left for the archive"])
        var said: [String] = []
        let last = try receiver.receive(next: requests.next) { said.append($0) }
        #expect(last == 2)
        #expect(requests.lines == ["left for the archive"], "nothing read past the final dump's request")
        #expect(said.count == 4)
        #expect(said.map { $0.hasPrefix("pages ") } == [true, false, true, false], "\(said)")
        #expect(said.compactMap { PageReceiverLine.port(ofLine: String($0.dropLast())) }.count == 2, "\(said)")
        #expect(said[1] == "pre-dumped 1\n" && said[3] == "pre-dumped 2\n", "\(said)")
        let started = String(decoding: try FileIO.read("\(directory)/started"), as: UTF8.self)
        #expect(started == "\(images)/pre-1\n\(images)/pre-2\n")
        #expect(access("\(images)/pre-1/pages-1.img", F_OK) == 0 && access("\(images)/pre-2/pages-1.img", F_OK) == 0)
        #expect(FileIO.readLink("\(images)/pre-2/parent") == "../pre-1")
        #expect(access("\(images)/pre-1/parent", F_OK) != 0, "the first pre-dump has no parent")
        #expect(FileIO.readLink("\(images)/parent") == "pre-2")
    }

    @Test func aRequestOutOfOrderIsRefusedNamingWhatWasExpected() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let images = "\(directory)/images"
        #expect(mkdir(images, 0o700) == 0)
        let receiver = PreCopyReceiver(service: try fakeCRIU(in: directory), images: images, stage: "import web")
        for (lines, expected) in [(["dump after 1"], "expected pre-dump 1 from the source, it said 'dump after 1'"),
                                  (["pre-dump 2"], "expected pre-dump 1 from the source"),
                                  (["pre-dump 1", "pre-dump 3"], "expected pre-dump 2 or dump after 1 from the source, it said 'pre-dump 3'"),
                                  (["pre-dump 1"], "the stream ended during pre-copy, after 1 pre-dump(s)")] {
            try? FileIO.removeTree(images)
            #expect(mkdir(images, 0o700) == 0)
            let error = #expect(throws: CoreError.self) { _ = try receiver.receive(next: Requests(lines).next) { _ in } }
            #expect(error.map { "\($0)" }?.contains(expected) == true, "\(String(describing: error))")
            #expect(error.map { "\($0)" }?.hasPrefix("import web") == true, "\(String(describing: error))")
        }
    }

    @Test func aSourceThatEndsTheStreamDuringAPreDumpEndsItsPageServerAtOnce() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let images = "\(directory)/images"
        #expect(mkdir(images, 0o700) == 0)
        // The stream's writer is gone: the source gave up after it asked for the page server.
        let stream = try FileIO.closeOnExecPipe(stage: "test")
        close(stream.write)
        defer { close(stream.read) }
        // A page server that would wait for its dump for 30 s (the wait's own limit is 60 s).
        let receiver = PreCopyReceiver(service: try fakeCRIU(in: directory, then: "exec sleep 30"), images: images,
                                       stage: "import web", stream: stream.read)
        let error = #expect(throws: (any Error).self) {
            _ = try receiver.receive(next: Requests(["pre-dump 1"]).next) { _ in }
        }
        #expect(error.map { "\($0)" }?.contains("the source ended the move before its dump was in") == true, "\(String(describing: error))")
    }

    @Test func aPageServerThatFailsFailsTheRoundAndSaysNoPreDumped() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let images = "\(directory)/images"
        #expect(mkdir(images, 0o700) == 0)
        let receiver = PreCopyReceiver(service: try fakeCRIU(in: directory, status: 1), images: images, stage: "import web")
        var said: [String] = []
        let error = #expect(throws: (any Error).self) {
            _ = try receiver.receive(next: Requests(["pre-dump 1", "dump after 1"]).next) { said.append($0) }
        }
        #expect(error.map { "\($0)" }?.contains("exited 1 after the dump") == true, "\(String(describing: error))")
        #expect(said.count == 1 && said.first?.hasPrefix("pages ") == true, "\(said)")
    }
}
