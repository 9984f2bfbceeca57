/// One netlink message: the nlmsghdr fields and the payload after it.
public struct NetlinkMessage: Sendable, Equatable {
    public static let headerSize = 16

    public var type: UInt16
    public var flags: UInt16
    public var sequence: UInt32
    public var portID: UInt32
    public var payload: [UInt8]

    public init(type: UInt16, flags: UInt16, sequence: UInt32 = 0, portID: UInt32 = 0, payload: [UInt8] = []) {
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
        self.payload = payload
    }

    /// nlmsg_len, nlmsg_type, nlmsg_flags, nlmsg_seq, nlmsg_pid, then the payload padded to 4 bytes.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        NetlinkBytes.append(UInt32(NetlinkMessage.headerSize + payload.count), to: &bytes)
        NetlinkBytes.append(type, to: &bytes)
        NetlinkBytes.append(flags, to: &bytes)
        NetlinkBytes.append(sequence, to: &bytes)
        NetlinkBytes.append(portID, to: &bytes)
        bytes += payload
        bytes += [UInt8](repeating: 0, count: NetlinkBytes.aligned(bytes.count) - bytes.count)
        return bytes
    }

    /// Every message in one datagram. A header whose length does not fit is an error:
    /// it means the reply was cut or is not netlink at all.
    public static func decodeAll(_ bytes: [UInt8]) throws -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var offset = 0
        while offset + headerSize <= bytes.count {
            guard let length = NetlinkBytes.read(UInt32.self, from: bytes, at: offset),
                  let type = NetlinkBytes.read(UInt16.self, from: bytes, at: offset + 4),
                  let flags = NetlinkBytes.read(UInt16.self, from: bytes, at: offset + 6),
                  let sequence = NetlinkBytes.read(UInt32.self, from: bytes, at: offset + 8),
                  let portID = NetlinkBytes.read(UInt32.self, from: bytes, at: offset + 12),
                  Int(length) >= headerSize, offset + Int(length) <= bytes.count
            else {
                throw CoreError(stage: "netlink decode", detail: "malformed message header at byte \(offset) of \(bytes.count)")
            }
            let payload = Array(bytes[(offset + headerSize)..<(offset + Int(length))])
            messages.append(NetlinkMessage(type: type, flags: flags, sequence: sequence, portID: portID, payload: payload))
            offset += NetlinkBytes.aligned(Int(length))
        }
        return messages
    }
}
