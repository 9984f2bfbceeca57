/// The seam between rtnetlink operations and the kernel: one datagram out, one datagram in.
/// `NetlinkRouteSocket` is the real NETLINK_ROUTE socket; `RecordingNetlinkSocket` (NamespaceCoreTesting) records
/// requests and answers them, so the operations are testable without root.
public protocol NetlinkSocket: AnyObject {
    /// Sends one encoded request (one or more netlink messages).
    func send(_ bytes: [UInt8]) throws
    /// Receives the next datagram of replies, blocking until one arrives.
    func receive() throws -> [UInt8]
}
