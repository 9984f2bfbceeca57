#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// The target of the symbolic link at `path` (a /proc/PID/ns/* or /proc/PID/exe link
    /// included); nil when it is no link or cannot be read.
    public static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
