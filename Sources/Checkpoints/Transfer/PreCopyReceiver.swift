#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A move's destination during pre-copy, either mode: takes the source's requests
/// (`PreCopyRequestLine`) until its final dump's, receiving each pre-dump's pages through a
/// `criu page-server` of its own into `pre-N` under the images directory, each linked to the
/// one before as its parent (CRIU's `parent` link, which the page server reads to keep only
/// what changed and the restore follows to find the rest). Then it links the images directory
/// itself to the last pre-dump; the final dump's page server is the caller's, as in stop-and-copy.
public struct PreCopyReceiver {
    /// CRIU's name of the link from an image directory to its parent's.
    public static let parentLink = "parent"

    let service: CRIUService
    /// The images directory, made: the rounds' directories go inside it.
    let images: String
    let stage: String
    /// The move's stream, watched while a pre-dump's page server waits for it: the source sends
    /// nothing then, so anything there (its end) means it gave up, and the server is ended at
    /// once (`CRIUService.finishPageServer`) rather than after its timeout.
    let stream: Int32?

    public init(service: CRIUService = CRIUService(), images: String, stage: String, stream: Int32? = nil) {
        self.service = service
        self.images = images
        self.stage = stage
        self.stream = stream
    }

    /// Serves requests read with `next` (nil: the stream ended) and says the answers with
    /// `say`, until the final dump's request; returns the last pre-dump's number. A request out
    /// of order, a page server that fails, or a stream that ends first is an error; the rounds'
    /// directories are then the caller's to remove with the images directory.
    public func receive(next: () throws -> String?, say: (String) throws -> Void) throws -> Int {
        var done = 0
        while true {
            guard let said = try next() else {
                throw CoreError(stage: stage, detail: "the stream ended during pre-copy, after \(done) pre-dump(s)")
            }
            switch PreCopyRequestLine(line: said) {
            case .preDump(let iteration) where iteration == done + 1:
                try receivePreDump(iteration, say: say)
                done = iteration
            case .dump(let after) where after == done && done >= 1:
                try link(images, to: MigrationMachine.preDumpDirectory(after))
                return after
            default:
                throw CoreError(stage: stage, detail: "expected pre-dump \(done + 1)" + (done >= 1 ? " or dump after \(done)" : "")
                                    + " from the source, it said '\(said.prefix(80))'")
            }
        }
    }

    private func receivePreDump(_ iteration: Int, say: (String) throws -> Void) throws {
        let directory = "\(images)/\(MigrationMachine.preDumpDirectory(iteration))"
        let round = "\(stage): pre-dump \(iteration)"
        guard mkdir(directory, 0o700) == 0 else { throw CoreError(stage: "\(round): mkdir \(directory)", errno: errno) }
        if iteration > 1 { try link(directory, to: "../" + MigrationMachine.preDumpDirectory(iteration - 1)) }
        let server = try service.startPageReceiver(into: directory, made: true, stage: round)
        do {
            try say(PageReceiverLine.line(port: server.port))
        } catch {
            service.stopPageServer(server.pid)
            throw error
        }
        try service.finishPageServer(server.pid, imageDirectory: directory, abandonedWhenReadable: stream)
        try say(PreDumpedLine.line(iteration: iteration))
    }

    /// `directory`'s parent link to `parent` (relative to it, as CRIU writes it).
    private func link(_ directory: String, to parent: String) throws {
        guard symlink(parent, "\(directory)/\(Self.parentLink)") == 0 else {
            throw CoreError(stage: "\(stage): link \(directory)/\(Self.parentLink) to \(parent)", errno: errno)
        }
    }
}
