#if canImport(Glibc)
import Glibc
#endif

extension IPv4Address {
    /// The address and `port` as a socket address, for bind and connect.
    public func socketAddress(port: UInt16) -> sockaddr_in {
        var value = sockaddr_in()
        value.sin_family = sa_family_t(AF_INET)
        value.sin_port = port.bigEndian
        value.sin_addr.s_addr = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        return value
    }

    /// The address a socket address holds (`sin_addr.s_addr`, network order).
    public init(socketAddress raw: in_addr_t) {
        self = withUnsafeBytes(of: raw) { IPv4Address($0[0], $0[1], $0[2], $0[3]) }
    }
}
