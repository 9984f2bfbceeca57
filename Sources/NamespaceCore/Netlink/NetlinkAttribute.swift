/// One rtattr / nlattr: a type and a value, possibly holding further attributes (nesting).
public struct NetlinkAttribute: Sendable, Equatable {
    public var type: UInt16
    public var value: [UInt8]

    public init(type: UInt16, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    /// A NUL-terminated string, as IFLA_IFNAME and IFLA_INFO_KIND are sent.
    public static func string(_ type: UInt16, _ text: String) -> NetlinkAttribute {
        NetlinkAttribute(type: type, value: Array(text.utf8) + [0])
    }

    public static func uint32(_ type: UInt16, _ number: UInt32) -> NetlinkAttribute {
        NetlinkAttribute(type: type, value: NetlinkBytes.of(number))
    }

    public static func int32(_ type: UInt16, _ number: Int32) -> NetlinkAttribute {
        NetlinkAttribute(type: type, value: NetlinkBytes.of(number))
    }

    /// A 16-bit value in network byte order (ports).
    public static func bigEndian16(_ type: UInt16, _ number: UInt16) -> NetlinkAttribute {
        NetlinkAttribute(type: type, value: NetlinkBytes.of(number.bigEndian))
    }

    /// Attributes inside this one. The kernel accepts rtnetlink nests without NLA_F_NESTED,
    /// and iproute2 sends them that way, so the flag is not set.
    public static func nested(_ type: UInt16, _ children: [NetlinkAttribute]) -> NetlinkAttribute {
        NetlinkAttribute(type: type, value: encode(children))
    }

    /// A nest whose value starts with a fixed struct before its attributes (VETH_INFO_PEER
    /// carries an ifinfomsg first).
    public static func nested(_ type: UInt16, header: [UInt8], _ children: [NetlinkAttribute]) -> NetlinkAttribute {
        NetlinkAttribute(type: type, value: header + encode(children))
    }

    /// rta_len (header + value, unpadded), rta_type, value, padding to 4 bytes.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        NetlinkBytes.append(UInt16(4 + value.count), to: &bytes)
        NetlinkBytes.append(type, to: &bytes)
        bytes += value
        bytes += [UInt8](repeating: 0, count: NetlinkBytes.aligned(bytes.count) - bytes.count)
        return bytes
    }

    public static func encode(_ attributes: [NetlinkAttribute]) -> [UInt8] {
        attributes.flatMap { $0.encoded() }
    }

    /// Splits a run of attributes; a truncated or malformed one ends the run.
    public static func decode(_ bytes: ArraySlice<UInt8>) -> [NetlinkAttribute] {
        var attributes: [NetlinkAttribute] = []
        var offset = 0
        while let length = NetlinkBytes.read(UInt16.self, from: bytes, at: offset),
              let type = NetlinkBytes.read(UInt16.self, from: bytes, at: offset + 2),
              length >= 4, offset + Int(length) <= bytes.count {
            let start = bytes.startIndex + offset
            attributes.append(NetlinkAttribute(type: type & ~Netlink.nestedFlag, value: Array(bytes[(start + 4)..<(start + Int(length))])))
            offset += NetlinkBytes.aligned(Int(length))
        }
        return attributes
    }

    public static func decode(_ bytes: [UInt8]) -> [NetlinkAttribute] { decode(bytes[...]) }

    /// The value as a string, without its terminating NUL.
    public var stringValue: String {
        String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
    }

    public var uint32Value: UInt32? { NetlinkBytes.read(UInt32.self, from: value, at: 0) }

    public var nestedAttributes: [NetlinkAttribute] { NetlinkAttribute.decode(value) }
}

extension Array where Element == NetlinkAttribute {
    /// The first attribute of `type`.
    public func first(_ type: UInt16) -> NetlinkAttribute? { first { $0.type == type } }
}
