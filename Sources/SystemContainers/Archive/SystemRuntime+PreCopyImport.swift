#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

extension SystemRuntime {
    /// Pre-copy on a migration's stream (`importSections` with `preCopy`), after its first
    /// section: serves the source's requests into `images` (made here), a page server into
    /// `pre-N` for each pre-dump (`PreCopyReceiver`), until `dump after N`; then starts the
    /// final dump's page server into `images` itself, its parent linked to `pre-N`, says its
    /// `pages PORT` and returns it. The requests' answers are said with `say`.
    ///
    /// The requests travel as raw lines between the stream's two sections, not in a section of
    /// their own: `StreamSections.Reader` takes exactly a frame's header and bytes, and
    /// `FileIO.readLine` a byte at a time up to the newline, so each reader leaves the stream
    /// where the next one starts; a section per request would wrap a line of a dozen bytes in
    /// frames, and the destination knows when the lines come (after the root, until
    /// `dump after N`).
    func receivePreCopy(from fd: Int32, into images: String, service: CRIUService, stage: String,
                        say: (String) throws -> Void) throws -> (pid: pid_t, port: UInt16) {
        guard mkdir(images, 0o700) == 0 else { throw CoreError(stage: "\(stage): mkdir \(images)", errno: errno) }
        // The stream is silent while a pre-dump's server waits: its end there ends the server at once.
        _ = try PreCopyReceiver(service: service, images: images, stage: "\(stage): pre-copy", stream: fd)
            .receive(next: { FileIO.readTextLine(fd) }, say: say)
        let pages = try service.startPageReceiver(into: images, made: true, stage: "\(stage): the final dump's pages")
        do {
            try say(PageReceiverLine.line(port: pages.port))
        } catch {
            service.stopPageServer(pages.pid)
            throw error
        }
        return pages
    }
}
