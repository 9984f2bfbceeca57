#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

extension CoreError {
    /// libarchive's own message for the last failure on `archive`.
    public static func archive(_ archive: OpaquePointer?, stage: String) -> CoreError {
        let message = archive.flatMap { archive_error_string($0) }.map { String(cString: $0) } ?? "libarchive failure"
        let code = archive.map { archive_errno($0) } ?? 0
        // EILSEQ is libarchive's "bad file format" code, not a system error worth naming.
        return CoreError(stage: stage, errno: code > 0 && code != EILSEQ ? code : nil, detail: message)
    }
}

/// libarchive's `AE_IF*` file types (C macros with casts, which Swift does not import).
public enum EntryType {
    public static let regular = UInt32(0o100000)
    public static let symlink = UInt32(0o120000)
    public static let socket = UInt32(0o140000)
    public static let characterDevice = UInt32(0o020000)
    public static let blockDevice = UInt32(0o060000)
    public static let directory = UInt32(0o040000)
    public static let fifo = UInt32(0o010000)
}
