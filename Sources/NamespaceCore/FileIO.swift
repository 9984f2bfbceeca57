#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and writes with plain syscalls: no Foundation on the container start
/// path, and errors that name the file. `replace` is the atomic, durable write.
public enum FileIO {
    /// The file's bytes; a missing file is `CoreError(stage: "open PATH", errno: ENOENT)`.
    public static func read(_ path: String, limit: Int = 16 << 20) throws(CoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
        defer { close(fd) }
        return try readAll(fd: fd, limit: limit, shown: path)
    }

    /// Everything from the descriptor's offset to its end (or to `limit` bytes), retrying
    /// interrupted reads; the descriptor stays open. `shown` names it in an error.
    public static func readAll(fd: Int32, limit: Int = 16 << 20, shown: String? = nil) throws(CoreError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, limit - bytes.count)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CoreError(stage: "read \(shown ?? "descriptor \(fd)")", errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Fills `buffer` from `fd`, retrying short and interrupted reads; the count read, less
    /// than the buffer's only when the descriptor reached its end first. `shown` names it in
    /// an error.
    public static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, shown: String) throws(CoreError) -> Int {
        var offset = 0
        while offset < buffer.count {
            let count = Glibc.read(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw CoreError(stage: "read \(shown)", errno: errno)
            }
            if count == 0 { break }
            offset += count
        }
        return offset
    }

    /// The file as text; empty when it cannot be read (a log or an output file that may
    /// never have been written).
    public static func contents(_ path: String) -> String {
        (try? read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Creates or truncates `path` and writes `bytes`, retrying short writes; with `sync`,
    /// the bytes are on the device (fsync) before it returns.
    public static func write(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644, sync: Bool = false) throws(CoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
        defer { close(fd) }
        guard writeAll(fd, bytes) else { throw CoreError(stage: "write \(path)", errno: errno) }
        if sync, fsync(fd) != 0 { throw CoreError(stage: "fsync \(path)", errno: errno) }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR; false (errno set) on
    /// an error.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            if count == 0 {
                errno = EIO
                return false
            }
            offset += count
        }
        return true
    }
}
