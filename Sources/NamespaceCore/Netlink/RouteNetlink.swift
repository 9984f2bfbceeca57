/// rtnetlink operations (links, addresses, routes) over a `NetlinkSocket`. Each operation is
/// one acknowledged request; a kernel error becomes a `CoreError` naming the operation, e.g.
/// `netlink create veth cbench0a: EEXIST (File exists)`. Not thread-safe: one per task.
public final class RouteNetlink {
    public let socket: any NetlinkSocket
    private var nextSequence: UInt32 = 1

    public init(socket: any NetlinkSocket) {
        self.socket = socket
    }

    /// A real socket in the calling thread's network namespace.
    public convenience init() throws {
        try self.init(socket: NetlinkRouteSocket())
    }

    /// Sends one request and collects its replies: for a dump, every message up to NLMSG_DONE;
    /// otherwise any reply messages up to the acknowledgement.
    @discardableResult
    public func request(_ type: UInt16, flags: UInt16, payload: [UInt8], operation: String) throws -> [NetlinkMessage] {
        let sequence = nextSequence
        nextSequence &+= 1
        let isDump = flags & Netlink.dump == Netlink.dump
        let message = NetlinkMessage(type: type, flags: Netlink.request | flags | (isDump ? 0 : Netlink.ack),
                                     sequence: sequence, payload: payload)
        try socket.send(message.encoded())
        var replies: [NetlinkMessage] = []
        while true {
            for reply in try NetlinkMessage.decodeAll(socket.receive()) where reply.sequence == sequence {
                if let code = reply.errorCode {
                    if code == 0 { return replies }
                    throw CoreError(stage: "netlink \(operation)", errno: code, detail: reply.extendedAckMessage)
                }
                if reply.type == Netlink.done {
                    if reply.doneErrorCode != 0 { throw CoreError(stage: "netlink \(operation)", errno: reply.doneErrorCode) }
                    return replies
                }
                replies.append(reply)
            }
        }
    }
}
