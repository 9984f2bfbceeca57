import Foundation
import NamespaceCore

extension CoreError {
    /// Wraps a Foundation error (file I/O, JSON) so the stage survives; a POSIX
    /// errno hidden in the error is surfaced as such.
    public static func wrapping(_ error: any Error, stage: String) -> CoreError {
        if let already = error as? CoreError { return already }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain {
            return CoreError(stage: stage, errno: Int32(nsError.code), cause: error)
        }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return CoreError(stage: stage, errno: Int32(underlying.code), cause: error)
        }
        if let cocoa = error as? CocoaError, let code = posixCode(of: cocoa.code) {
            return CoreError(stage: stage, errno: code, cause: error)
        }
        return CoreError(stage: stage, detail: nsError.localizedDescription, cause: error)
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
