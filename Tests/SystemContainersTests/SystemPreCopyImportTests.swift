#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore
import Testing
@testable import SystemContainers

/// Pre-copy's destination (`importSections` with `preCopy`): after the root's section the
/// source's request lines come raw, each pre-dump served by a page server into `pre-N`; then
/// the final dump's page server into the images, and the second section carries the source's
/// image tree (its `pre-N` directories and `parent` links) on top of what the page servers
/// wrote. A stand-in for criu (a shell script) writes a page file where it was told.
@Suite struct SystemPreCopyImportTests {
    func scratch() throws -> String { try SystemTestScratch.make("precopy-import") }

    /// The criu stand-in: each start appends `DIR PORT` to `directory/started`, writes
    /// DIR/pages-1.img, says it listens and exits 0.
    static func fakeCRIU(in directory: String) throws -> CRIUService {
        try SystemPageReceiverTests.fakeCRIU(in: directory, body: "echo \"$3 $5\" >> \(directory)/started; echo pages > \"$3/pages-1.img\"; "
                                                + SystemPageReceiverTests.listens + "; exit 0")
    }

    /// The source's image tree after two pre-dumps and the final dump, as CRIU leaves it here
    /// when the pages went to page servers: each directory's inventory, the parent links, the
    /// final dump's other images and cbench's manifest.
    static func writeSourceImages(_ images: String) throws {
        for round in ["pre-1", "pre-2"] {
            try FileIO.makeDirectories("\(images)/\(round)", mode: 0o700)
            try FileIO.write("\(images)/\(round)/inventory.img", Array("inventory of \(round)".utf8))
        }
        #expect(symlink("../pre-1", "\(images)/pre-2/parent") == 0)
        #expect(symlink("pre-2", "\(images)/parent") == 0)
        try FileIO.write("\(images)/inventory.img", Array("inventory of the dump".utf8))
        try FileIO.write("\(images)/core-1.img", Array("core of the init".utf8))
        try CheckpointManifest(kind: "dump", container: "web", layout: ContainerCheckpointLayout(rootfs: "/r", cgroupPath: "cbench/web"),
                               stdio: StdioDescriptors(entries: []), tcpEstablished: false, lazyPages: false, files: []).write(to: images)
    }

    /// The source `web` with its images streamed with `lines` between the sections (the rest
    /// only when `rest`), and a destination store beside it; the stream fed as a source feeds it.
    func prepared(in directory: String, lines: [String], rest: Bool = true,
                  endAfter: String? = nil) throws -> (SystemRuntime, PreCopyStreamFeeder) {
        let runtime = try SystemRootPassesTests.source(in: directory) { root in try SystemRootPassesTests.write("\(root)/file", "x") }
        try Self.writeSourceImages(runtime.store.checkpointDirectory(of: "web"))
        var lineEnds: [Int] = []
        try SystemRootPassesTests.streamWithCheckpoint(runtime, to: "\(directory)/stream", rest: rest) { fd in
            for line in lines {
                #expect(FileIO.writeAll(fd, Array(line.utf8)))
                lineEnds.append(Int(lseek(fd, 0, SEEK_CUR)))
            }
        }
        let feeder = try PreCopyStreamFeeder(stream: "\(directory)/stream", lineEnds: lineEnds,
                                             finalRequest: lines.last?.hasPrefix("dump after") == true, endAfter: endAfter)
        return (SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run")), feeder)
    }

    /// Each start of the stand-in: the directory it served and its port.
    static func started(in directory: String) throws -> [(directory: String, port: String)] {
        String(decoding: try FileIO.read("\(directory)/started"), as: UTF8.self).split(separator: "\n").map { line in
            let words = line.split(separator: " ").map(String.init)
            return (words.first ?? "", words.last ?? "")
        }
    }

    @Test func theRequestsAreServedBeforeTheRestAndThePreDumpsSurviveTheImageTree() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let (destination, feeder) = try prepared(in: directory, lines: ["pre-dump 1\n", "pre-dump 2\n", "dump after 2\n"])
        let service = try Self.fakeCRIU(in: directory)
        var rootSaid: [UInt16?] = []
        var said: [String] = []
        let received = try destination.importSections(from: feeder.read, as: "web", receivingPages: true, preCopy: true, service: service,
                                                      say: { line in
            #expect(rootSaid.count == 1, "'\(line)' said before the root was")
            said.append(line)
            feeder.heard(line)
        }) { port, _ in rootSaid.append(port) }

        let images = destination.store.checkpointDirectory(of: "web")
        let started = try Self.started(in: directory)
        // One server per pre-dump into its own directory, the final one into the images.
        #expect(started.map(\.directory) == ["\(images)/pre-1", "\(images)/pre-2", images])
        #expect(rootSaid == [nil], "no page server before the requests")
        #expect(said == ["pages \(started[0].port)\n", "pre-dumped 1\n", "pages \(started[1].port)\n", "pre-dumped 2\n",
                         "pages \(started[2].port)\n"])
        // What the page servers wrote is kept beside what the stream carried, links as CRIU reads them.
        for round in ["pre-1", "pre-2", "."] {
            #expect(try FileIO.read("\(images)/\(round)/pages-1.img") == Array("pages\n".utf8), "\(round)")
        }
        #expect(try FileIO.read("\(images)/pre-1/inventory.img") == Array("inventory of pre-1".utf8))
        #expect(try FileIO.read("\(images)/pre-2/inventory.img") == Array("inventory of pre-2".utf8))
        #expect(FileIO.readLink("\(images)/pre-2/parent") == "../pre-1")
        #expect(FileIO.readLink("\(images)/parent") == "pre-2")
        #expect(FileIO.readLink("\(images)/pre-1/parent") == nil)
        // The image check takes the tree: the manifest lists the final dump's own files.
        let manifest = try #require(try CheckpointImage.validate(images, stage: "restore", received: received))
        #expect(manifest.files.map(\.name) == ["core-1.img", "inventory.img"])
        #expect(destination.store.exists("web"))
    }

    /// The import of a stream with `lines` between its sections fails: its error, once it is
    /// sure nothing of `web` is left. `service`: the criu stand-in made in the scratch directory
    /// (default: `fakeCRIU`'s).
    func failedImport(lines: [String], rest: Bool, endAfter: String? = nil,
                      service make: ((String) throws -> CRIUService)? = nil) throws -> String {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let (destination, feeder) = try prepared(in: directory, lines: lines, rest: rest, endAfter: endAfter)
        let service = try make?(directory) ?? Self.fakeCRIU(in: directory)
        let error = #expect(throws: CoreError.self) {
            try destination.importSections(from: feeder.read, as: "web", receivingPages: true, preCopy: true, service: service,
                                           say: feeder.heard) { _, _ in }
        }
        #expect(!destination.store.exists("web"))
        #expect(access(destination.store.directory(of: "web"), F_OK) != 0)
        if let pid = try? SystemPageReceiverTests.record(in: directory).pid {
            #expect(pid > 0 && kill(pid, 0) != 0, "the last page server \(pid) was ended and reaped")
        }
        let started = (try? Self.started(in: directory)) ?? []
        return (error.map { String(describing: $0) } ?? "") + " (page servers started: \(started.count))"
    }

    @Test func aStreamThatEndsDuringPreCopyLeavesNothing() throws {
        let text = try failedImport(lines: ["pre-dump 1\n"], rest: false)
        #expect(text.contains("the stream ended during pre-copy, after 1 pre-dump(s)"), "\(text)")
        #expect(text.hasSuffix("(page servers started: 1)"), "\(text)")
    }

    @Test func aSourceThatEndsTheStreamWhileAPreDumpsServerWaitsEndsTheServer() throws {
        // Listens, then waits for a pre-dump that never comes.
        let text = try failedImport(lines: ["pre-dump 1\n"], rest: false, endAfter: "pages ") { directory in
            try SystemPageReceiverTests.fakeCRIU(in: directory, body: SystemPageReceiverTests.listens + "; exec sleep 60")
        }
        #expect(text.contains("the source ended the move before its dump was in"), "\(text)")
    }

    @Test func aRequestOutOfOrderFailsTheImportNamingIt() throws {
        let text = try failedImport(lines: ["pre-dump 2\n", "dump after 2\n"], rest: true)
        #expect(text.contains("expected pre-dump 1 from the source, it said 'pre-dump 2'"), "\(text)")
        #expect(text.hasSuffix("(page servers started: 0)"), "\(text)")
    }
}
