#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// One line of `fd` without its newline, read a byte at a time so that nothing after it is
    /// taken from a pipe or socket another reader goes on with (a move's stream: its request
    /// lines, then the archive). nil at its end, on an error, or when nothing came within
    /// `timeoutMilliseconds` (nil: waits as long as it takes).
    public static func readLine(_ fd: Int32, timeoutMilliseconds: Int32? = nil) -> [UInt8]? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            if let timeoutMilliseconds {
                var polled: Int32
                repeat { polled = poll(&waiting, 1, timeoutMilliseconds) } while polled < 0 && errno == EINTR
                guard polled > 0 else { return nil }
            }
            let count = Glibc.read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return bytes }
            bytes.append(byte)
        }
    }

    /// `readLine` as text.
    public static func readTextLine(_ fd: Int32, timeoutMilliseconds: Int32? = nil) -> String? {
        readLine(fd, timeoutMilliseconds: timeoutMilliseconds).map { String(decoding: $0, as: UTF8.self) }
    }
}
