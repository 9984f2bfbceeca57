import Glibc
import NamespaceCore

/// The migration service's state as a client can check it: the checksum of the memory it
/// filled (asked over UDP: "sum"), and a TCP connection that should outlive the move.
public enum ServiceStateCheck {
    public struct MemorySum: Sendable, Equatable {
        public var now: String
        public var initial: String
        public var counter: UInt64

        public var intact: Bool { now == initial }
    }

    /// Asks for the checksum; the service reads all of its memory to answer (a second for
    /// 1 GB), so the wait is long. nil when it does not answer.
    public static func memorySum(address: String, port: UInt16, namespace: String? = nil, seconds: Int = 30) throws -> MemorySum? {
        let fd = try DowntimeClient.connectedSocket(type: SOCK_DGRAM, address: address, port: port, namespace: namespace, stage: "memory check")
        defer { close(fd) }
        guard let reply = try exchange(fd, "sum", seconds: seconds) else { return nil }
        let words = reply.split(separator: " ")
        guard words.count == 4, words[0] == "sum", let counter = UInt64(words[3]) else { return nil }
        return MemorySum(now: String(words[1]), initial: String(words[2]), counter: counter)
    }

    /// A TCP connection to the service's echo, opened before the move.
    public final class Connection: @unchecked Sendable {
        let fd: Int32

        public init(address: String, port: UInt16, namespace: String? = nil) throws {
            fd = try DowntimeClient.connectedSocket(type: SOCK_STREAM, address: address, port: port, namespace: namespace, stage: "tcp check")
            // A throw from here on runs deinit, which closes the socket.
            guard try ServiceStateCheck.exchange(fd, "before\n", seconds: 5) == "before\n" else {
                throw CoreError(stage: "tcp check", detail: "the service did not echo over TCP before the move")
            }
        }

        deinit { close(fd) }

        /// Whether the same connection still echoes.
        public func survived() -> Bool {
            (try? ServiceStateCheck.exchange(fd, "after\n", seconds: 5)) == "after\n"
        }
    }

    /// Sends `text` and returns the first answer within `seconds`; nil on silence or a reset.
    static func exchange(_ fd: Int32, _ text: String, seconds: Int) throws -> String? {
        guard send(fd, text, text.utf8.count, Int32(MSG_NOSIGNAL)) == text.utf8.count else { return nil }
        var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&waiting, 1, Int32(seconds * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
