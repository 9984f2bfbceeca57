import Checkpoints
import NamespaceCore

extension RemoteSystemDestination {
    /// Says `request` into the open session (`connect` with `preCopy`) and waits for the
    /// `pages PORT` of the page server the remote starts for that dump (`PreCopyReceiver`
    /// there); the final dump's is the `pageReceiver` too. A failure ends the session: the
    /// import there is all or nothing.
    public func preCopyPages(for request: PreCopyRequestLine) throws -> PageServerAddress? {
        let stage = "migrate: \(request.line.dropLast()) on \(host)"
        guard let session = slot.session, let address = slot.pageAddress else {
            throw CoreError(stage: stage, detail: "no pre-copy session to \(host) is open (connect with preCopy first)")
        }
        do {
            try session.say(request.line, stage: stage)
            let said = try session.expectLine(startingWith: PageReceiverLine.prefix, stage: "\(stage): its page server")
            guard let port = PageReceiverLine.port(said) else {
                throw CoreError(stage: "\(stage): its page server", detail: "'\(PageReceiverLine.prefix)\(said)' names no port")
            }
            let pages = PageServerAddress(address: address.description, port: Int32(port))
            if case .dump = request { slot.pageReceiver = pages }
            return pages
        } catch {
            slot.session = nil
            throw error
        }
    }

    /// Waits for the remote's `pre-dumped N`: its page server has written that pre-dump's pages.
    public func preDumped(_ iteration: Int) throws {
        let stage = "migrate: pre-dump \(iteration) on \(host)"
        guard let session = slot.session else { throw CoreError(stage: stage, detail: "no session to \(host) is open (connect first)") }
        do {
            try session.expect(String(PreDumpedLine.line(iteration: iteration).dropLast()), stage: stage)
        } catch {
            slot.session = nil
            throw error
        }
    }
}
