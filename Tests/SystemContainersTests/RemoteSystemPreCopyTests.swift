#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore
import Testing
@testable import SystemContainers

/// Pre-copy to another host from the source's side: the remote command it opens, and the
/// request lines it says into the session before the archive, each answered by a stand-in for
/// ssh (a shell that keeps the lines it reads and answers as the import does, or fails).
@Suite struct RemoteSystemPreCopyTests {
    @Test func thePreCopyImportReceivesPagesAndRestoresPlainly() {
        let words = RemoteSystemDestination.importCommand("web", tcpEstablished: true, pageServer: nil, preCopy: true)
        #expect(words == ["cbench", "system", "import", "/dev/stdin", "web", "--restore", "--say-ready", "--root-first", "--json",
                          "--tcp-established", "--receive-pages", "--pre-copy"])
        // Restored through the pre-dumps' parent links, never lazily.
        #expect(!words.contains("--lazy-restore"))
    }

    /// A session to the stand-in `script` (`$0`: the file it keeps lines in), the remote's address known as a pre-copy connect resolves it.
    static func session(_ script: String, keeping file: String) throws -> RemoteSystemDestination {
        let destination = RemoteSystemDestination(host: "lab2", ssh: ["/bin/sh", "-c", script, file])
        try destination.open("web", tcpEstablished: false, pageServer: nil, preCopy: true)
        destination.slot.pageAddress = IPv4Address(127, 0, 0, 1)
        return destination
    }

    @Test func eachRequestGoesAsALineAndItsPortComesBackAtTheRemotesAddress() throws {
        let directory = try SystemTestScratch.make("precopy-remote")
        defer { try? FileIO.removeTree(directory) }
        let kept = "\(directory)/requests"
        let destination = try Self.session("""
            echo ready; read a; echo "$a" >> "$0"; echo pages 7001; echo pre-dumped 1
            read b; echo "$b" >> "$0"; echo pages 7002; cat >/dev/null
            """, keeping: kept)
        #expect(try destination.preCopyPages(for: .preDump(iteration: 1)) == PageServerAddress(address: "127.0.0.1", port: 7001))
        #expect(destination.pageReceiver == nil, "a pre-dump's server is not the final dump's")
        try destination.preDumped(1)
        #expect(try destination.preCopyPages(for: .dump(after: 1)) == PageServerAddress(address: "127.0.0.1", port: 7002))
        #expect(destination.pageReceiver == PageServerAddress(address: "127.0.0.1", port: 7002))
        destination.disconnect()
        #expect(try FileIO.read(kept) == Array("pre-dump 1\ndump after 1\n".utf8))
    }

    @Test func anotherRoundsAnswerFailsTheWaitAndEndsTheSession() throws {
        let directory = try SystemTestScratch.make("precopy-remote")
        defer { try? FileIO.removeTree(directory) }
        let destination = try Self.session("echo ready; read a; echo pages 7001; echo pre-dumped 2; cat >/dev/null", keeping: "\(directory)/kept")
        _ = try destination.preCopyPages(for: .preDump(iteration: 1))
        let error = #expect(throws: CoreError.self) { try destination.preDumped(1) }
        #expect(error.map { String(describing: $0) }?.contains("no 'pre-dumped 1' from it") == true, "\(String(describing: error))")
        #expect(destination.slot.session == nil)
        #expect(throws: CoreError.self) { _ = try destination.preCopyPages(for: .preDump(iteration: 2)) }
    }

    @Test func aRemoteWhosePageServerFailsIsReportedWithWhatItSaid() throws {
        let directory = try SystemTestScratch.make("precopy-remote")
        defer { try? FileIO.removeTree(directory) }
        let destination = try Self.session("echo ready; read a; echo 'cbench: import web: pre-copy: pre-dump 1: criu page-server: exited 1' >&2; exit 1",
                                           keeping: "\(directory)/kept")
        let error = #expect(throws: CoreError.self) { _ = try destination.preCopyPages(for: .preDump(iteration: 1)) }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("migrate: pre-dump 1 on lab2: its page server"), "\(text)")
        #expect(text.contains("(exit 1): cbench: import web: pre-copy: pre-dump 1: criu page-server: exited 1"), "\(text)")
    }
}
