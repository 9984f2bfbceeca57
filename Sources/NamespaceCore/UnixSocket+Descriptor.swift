#if canImport(Glibc)
import Glibc
#endif
import CShim

extension UnixSocket {
    /// Sends `descriptor` over the connected socket with SCM_RIGHTS, `message` as the bytes
    /// that carry it (at least one byte must go for the descriptor to travel).
    public static func send(descriptor: Int32, message: String, over socket: Int32) throws(CoreError) {
        var bytes = Array(message.utf8)
        if bytes.isEmpty { bytes = [0] }
        let sent = bytes.withUnsafeBytes { cshim_send_with_fd(socket, $0.baseAddress, $0.count, descriptor) }
        guard sent == bytes.count else {
            throw CoreError(stage: "send descriptor \(descriptor) over a unix socket", errno: sent < 0 ? errno : EMSGSIZE)
        }
    }

    /// Receives one message and the descriptor it carries (nil when none came, close-on-exec).
    public static func receiveDescriptor(over socket: Int32, capacity: Int = 4096) throws(CoreError) -> (message: String, descriptor: Int32?) {
        var buffer = [UInt8](repeating: 0, count: capacity)
        var passed: Int32 = -1
        let count = buffer.withUnsafeMutableBytes { cshim_recv_with_fd(socket, $0.baseAddress, $0.count, &passed) }
        guard count >= 0 else { throw CoreError.fromErrno("receive a descriptor over a unix socket") }
        return (String(decoding: buffer.prefix(count), as: UTF8.self), passed >= 0 ? passed : nil)
    }
}
