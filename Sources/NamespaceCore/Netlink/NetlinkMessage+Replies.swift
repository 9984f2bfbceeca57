/// Reading NLMSG_ERROR and NLMSG_DONE replies, and building them (for the fake socket and tests).
extension NetlinkMessage {
    /// The errno of an NLMSG_ERROR (0 for an acknowledgement), or nil for any other message.
    public var errorCode: Int32? {
        guard type == Netlink.error, let code = NetlinkBytes.read(Int32.self, from: payload, at: 0) else { return nil }
        return -code
    }

    /// The kernel's extended-ack text ("Unknown device type"...), when it sent one.
    /// The TLVs follow the echoed request: only its header when NLM_F_CAPPED is set.
    public var extendedAckMessage: String? {
        guard type == Netlink.error, flags & Netlink.ackTLVs != 0 else { return nil }
        var skip = 4 + NetlinkMessage.headerSize
        if flags & Netlink.capped == 0, let echoed = NetlinkBytes.read(UInt32.self, from: payload, at: 4) {
            skip = 4 + Int(echoed)
        }
        guard skip <= payload.count else { return nil }
        let text = NetlinkAttribute.decode(payload[NetlinkBytes.aligned(skip)...]).first(Netlink.extAckMessage)?.stringValue
        return text?.isEmpty == false ? text : nil
    }

    /// The errno carried by an NLMSG_DONE that ends a failed dump (0 when it succeeded).
    public var doneErrorCode: Int32 {
        guard type == Netlink.done, let code = NetlinkBytes.read(Int32.self, from: payload, at: 0) else { return 0 }
        return -code
    }

    /// The NLMSG_ERROR the kernel sends for `request`: errno 0 is an acknowledgement.
    /// Capped, as NETLINK_CAP_ACK asks: only the request's header is echoed.
    public static func errorReply(to request: NetlinkMessage, errno: Int32 = 0) -> NetlinkMessage {
        let echoed = Array(request.encoded().prefix(headerSize))
        return NetlinkMessage(
            type: Netlink.error, flags: Netlink.capped,
            sequence: request.sequence, portID: request.portID,
            payload: NetlinkBytes.of(-errno) + echoed)
    }

    /// The NLMSG_DONE that ends a dump.
    public static func doneReply(to request: NetlinkMessage) -> NetlinkMessage {
        NetlinkMessage(type: Netlink.done, flags: Netlink.multi, sequence: request.sequence, portID: request.portID,
                       payload: NetlinkBytes.of(Int32(0)))
    }
}
