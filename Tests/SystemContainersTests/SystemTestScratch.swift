#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Scratch directories of the system container tests.
enum SystemTestScratch {
    /// A fresh /tmp/PREFIX-XXXXXX directory.
    static func make(_ prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) } }
        return try #require(made)
    }
}
