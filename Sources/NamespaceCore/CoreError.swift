#if canImport(Glibc)
import Glibc
#endif

/// The one error of the core: the stage that failed and its errno or cause,
/// printed as `mount /proc: EPERM (Operation not permitted)`. Code that must tell failures
/// apart asks `kind` (never the text, which is for people); `cause` keeps the error this one
/// wraps, for code that needs more than the kind.
public struct CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var stage: String
    public var errno: Int32?
    public var detail: String?
    /// The error this one was made from (a Foundation error, a lower stage's `CoreError`);
    /// its text is already in `detail` where a reader needs it.
    public var cause: (any Error)?
    /// Set when the failure has no errno or means more than it (a corrupt blob, a tool's
    /// "already exists"); otherwise the kind follows from `errno`.
    private var assignedKind: Kind?

    public init(kind: Kind? = nil, stage: String, errno: Int32? = nil, detail: String? = nil, cause: (any Error)? = nil) {
        self.assignedKind = kind
        self.stage = stage
        self.errno = errno
        self.detail = detail
        self.cause = cause
    }

    /// What went wrong, for code that branches on it.
    public var kind: Kind {
        get { assignedKind ?? errno.map(Kind.init(errno:)) ?? .other }
        set { assignedKind = newValue }
    }

    /// Same kind, stage, errno and detail; the cause is not compared (errors are not Equatable).
    public static func == (lhs: CoreError, rhs: CoreError) -> Bool {
        lhs.kind == rhs.kind && lhs.stage == rhs.stage && lhs.errno == rhs.errno && lhs.detail == rhs.detail
    }

    /// An error from the current `errno` of a failed libc call.
    public static func fromErrno(_ stage: String) -> CoreError {
        CoreError(stage: stage, errno: Glibc.errno)
    }

    public var description: String {
        var text = stage
        if let errno {
            text += ": \(CoreError.errnoName(errno)) (\(String(cString: strerror(errno))))"
        }
        if let detail { text += errno == nil ? ": \(detail)" : "; \(detail)" }
        return text
    }

    /// Symbolic name of an errno value (EPERM, ENOENT...), or `errno N`.
    public static func errnoName(_ code: Int32) -> String {
        switch code {
        case EPERM: return "EPERM"
        case ENOENT: return "ENOENT"
        case ESRCH: return "ESRCH"
        case EINTR: return "EINTR"
        case EIO: return "EIO"
        case E2BIG: return "E2BIG"
        case ENOEXEC: return "ENOEXEC"
        case EBADF: return "EBADF"
        case ECHILD: return "ECHILD"
        case EAGAIN: return "EAGAIN"
        case ENOMEM: return "ENOMEM"
        case EACCES: return "EACCES"
        case EFAULT: return "EFAULT"
        case EBUSY: return "EBUSY"
        case EEXIST: return "EEXIST"
        case EXDEV: return "EXDEV"
        case ENODEV: return "ENODEV"
        case ENOTDIR: return "ENOTDIR"
        case EISDIR: return "EISDIR"
        case EINVAL: return "EINVAL"
        case ENFILE: return "ENFILE"
        case EMFILE: return "EMFILE"
        case ENOSPC: return "ENOSPC"
        case EROFS: return "EROFS"
        case EMLINK: return "EMLINK"
        case ENAMETOOLONG: return "ENAMETOOLONG"
        case ENOSYS: return "ENOSYS"
        case ENOTEMPTY: return "ENOTEMPTY"
        case ELOOP: return "ELOOP"
        case EOPNOTSUPP: return "EOPNOTSUPP"
        case EUSERS: return "EUSERS"
        case ETIMEDOUT: return "ETIMEDOUT"
        default: return "errno \(code)"
        }
    }
}
