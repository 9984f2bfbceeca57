#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Testing

/// A pre-copy move's stream, written whole into a file, fed to the import through a pipe as
/// its source feeds it: the root's section and the first request at once, each next request
/// once the import says the one before is in (`pre-dumped N`), the rest once it names the
/// final dump's page server (`pages PORT` after `dump after N`); with `endAfter`, the source
/// ends the stream instead once the import says a line starting so. A pipe, not the file: the
/// import watches the stream while a pre-dump's server waits, and a file is always readable.
final class PreCopyStreamFeeder {
    let read: Int32
    private var write: Int32
    private let bytes: [UInt8]
    /// Where each request line ends in the stream; the second section follows the last.
    private let lineEnds: [Int]
    private let finalRequest: Bool
    private let endAfter: String?
    private var linesSent = 0

    /// `lineEnds`: offsets in `path` after each request line; `finalRequest`: the last is `dump after N`.
    init(stream path: String, lineEnds: [Int], finalRequest: Bool, endAfter: String?) throws {
        bytes = try FileIO.read(path)
        // Written by the import's own thread (in `heard`): all of it must fit in the pipe.
        try #require(bytes.count < 60_000, "the stream (\(bytes.count) bytes) does not fit in a pipe")
        let ends = try FileIO.closeOnExecPipe(stage: "the stream's pipe")
        (read, write) = (ends.read, ends.write)
        self.lineEnds = lineEnds
        self.finalRequest = finalRequest
        self.endAfter = endAfter
        sendNextLine()
    }

    deinit {
        close(read)
        endStream()
    }

    /// The import said `line`.
    func heard(_ line: String) {
        if let endAfter, line.hasPrefix(endAfter) { return endStream() }
        if line.hasPrefix("pre-dumped ") {
            if linesSent < lineEnds.count { sendNextLine() } else { endStream() }
        } else if line.hasPrefix("pages "), finalRequest, linesSent == lineEnds.count {
            send(upTo: bytes.count)
            endStream()
        }
    }

    private func sendNextLine() {
        guard linesSent < lineEnds.count else { return send(upTo: bytes.count) }
        send(upTo: lineEnds[linesSent])
        linesSent += 1
    }

    private var sent = 0

    private func send(upTo end: Int) {
        guard write >= 0, end > sent else { return }
        #expect(FileIO.writeAll(write, Array(bytes[sent..<end])))
        sent = end
    }

    private func endStream() {
        guard write >= 0 else { return }
        close(write)
        write = -1
    }
}
