#if canImport(Glibc)
import Glibc
#endif
import CShim
import NamespaceCore

/// One end of CRIU's RPC socket: a message out, a message (and maybe a descriptor) in.
/// A protocol, so the conversation is tested against a scripted CRIU without root.
public protocol CRIUConnection: AnyObject {
    func send(_ bytes: [UInt8]) throws(CheckpointError)
    /// The next message; an empty one means CRIU closed its end.
    func receive() throws(CheckpointError) -> (bytes: [UInt8], descriptor: Int32?)
    /// A descriptor readable when a message waits, for a wait beside other descriptors;
    /// nil when there is none (a scripted CRIU).
    var pollDescriptor: Int32? { get }
}

extension CRIUConnection {
    public var pollDescriptor: Int32? { nil }
}

/// The caller's end of a SOCK_SEQPACKET pair: one RPC message per packet.
public final class SocketCRIUConnection: CRIUConnection {
    public let fd: Int32
    /// CRIU's messages are small; a notification or response never comes near this.
    static let capacity = 64 * 1024

    public init(fd: Int32) {
        self.fd = fd
    }

    deinit { close(fd) }

    public var pollDescriptor: Int32? { fd }

    public func send(_ bytes: [UInt8]) throws(CheckpointError) {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw CheckpointError(stage: "send to criu", errno: sent < 0 ? errno : EIO) }
    }

    public func receive() throws(CheckpointError) -> (bytes: [UInt8], descriptor: Int32?) {
        var buffer = [UInt8](repeating: 0, count: Self.capacity)
        var passed: Int32 = -1
        let count = buffer.withUnsafeMutableBytes { cshim_recv_with_fd(fd, $0.baseAddress, $0.count, &passed) }
        guard count >= 0 else { throw CheckpointError(stage: "receive from criu", errno: errno) }
        return (Array(buffer[0..<count]), passed >= 0 ? passed : nil)
    }

    /// A connected pair: (ours, CRIU's), both close-on-exec.
    public static func pair() throws(CheckpointError) -> (SocketCRIUConnection, Int32) {
        var fds: [Int32] = [-1, -1]
        guard cshim_seqpacket_pair(&fds) == 0 else { throw CheckpointError.fromErrno("socketpair for criu swrk") }
        return (SocketCRIUConnection(fd: fds[0]), fds[1])
    }
}
