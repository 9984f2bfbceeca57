import NamespaceCore

/// A fake netlink socket: records every request and answers it from `responder`
/// (an acknowledgement unless told otherwise), as apple/containerization's MockNetlinkSocket does.
public final class RecordingNetlinkSocket: NetlinkSocket {
    /// Every message sent, in order.
    public private(set) var requests: [NetlinkMessage] = []
    /// The replies to one request; sequence numbers are filled in from the request.
    public var responder: (NetlinkMessage) -> [NetlinkMessage]
    private var pending: [[UInt8]] = []

    public init(responder: @escaping (NetlinkMessage) -> [NetlinkMessage] = { [NetlinkMessage.errorReply(to: $0)] }) {
        self.responder = responder
    }

    public func send(_ bytes: [UInt8]) throws {
        for request in try NetlinkMessage.decodeAll(bytes) {
            requests.append(request)
            let replies = responder(request).map { reply in
                var reply = reply
                reply.sequence = request.sequence
                return reply
            }
            // One datagram per reply, as the kernel may split a dump.
            pending += replies.map { $0.encoded() }
        }
    }

    public func receive() throws -> [UInt8] {
        guard !pending.isEmpty else {
            throw CoreError(stage: "netlink receive", detail: "the fake socket has no reply queued")
        }
        return pending.removeFirst()
    }
}
