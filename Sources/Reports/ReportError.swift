import Foundation
import NamespaceCore

/// Reports fail with the core's one error, `CoreError` (stage and errno or cause, printed as
/// `read results.json: ENOENT (No such file or directory)`); the name says where it came from.
public typealias ReportError = CoreError

extension CoreError {
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
}
