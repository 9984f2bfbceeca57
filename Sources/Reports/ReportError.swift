import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one error of the Reports target, shaped like NamespaceCore's `CoreError`
/// (Reports stays independent of the core): the failing stage and its cause,
/// printed as `read results.json: ENOENT (No such file or directory)`.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var stage: String
    public var errno: Int32?
    public var detail: String?

    public init(stage: String, errno: Int32? = nil, detail: String? = nil) {
        self.stage = stage
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        var text = stage
        if let errno {
            text += ": \(ReportError.errnoName(errno)) (\(String(cString: strerror(errno))))"
        }
        if let detail { text += errno == nil ? ": \(detail)" : "; \(detail)" }
        return text
    }

    /// Wraps a Foundation error (file I/O, JSON) so the stage survives; a POSIX
    /// errno hidden in the error is surfaced as such.
    static func wrapping(_ error: any Error, stage: String) -> ReportError {
        if let already = error as? ReportError { return already }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain {
            return ReportError(stage: stage, errno: Int32(nsError.code))
        }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return ReportError(stage: stage, errno: Int32(underlying.code))
        }
        if let cocoa = error as? CocoaError, let code = posixCode(of: cocoa.code) {
            return ReportError(stage: stage, errno: code)
        }
        return ReportError(stage: stage, detail: nsError.localizedDescription)
    }

    /// Foundation on Linux reports file errors as Cocoa codes without the
    /// POSIX error underneath; these are the ones that map one to one.
    private static func posixCode(of code: CocoaError.Code) -> Int32? {
        switch code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileReadNoPermission, .fileWriteNoPermission: return EACCES
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteFileExists: return EEXIST
        default: return nil
        }
    }

    static func errnoName(_ code: Int32) -> String {
        switch code {
        case EPERM: return "EPERM"
        case ENOENT: return "ENOENT"
        case EACCES: return "EACCES"
        case EEXIST: return "EEXIST"
        case ENOTDIR: return "ENOTDIR"
        case EISDIR: return "EISDIR"
        case EINVAL: return "EINVAL"
        case ENOSPC: return "ENOSPC"
        case EROFS: return "EROFS"
        case EIO: return "EIO"
        default: return "errno \(code)"
        }
    }
}
