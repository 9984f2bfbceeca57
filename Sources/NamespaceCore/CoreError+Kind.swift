#if canImport(Glibc)
import Glibc
#endif

extension CoreError {
    /// The few kinds of failure callers react to differently. Derived from the errno unless
    /// the thrower says otherwise.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// No such file, process, cgroup, image or container (ENOENT, ESRCH, ECHILD).
        case notFound
        /// Already there (EEXIST), or a tool said so.
        case alreadyExists
        /// In use, try again later (EBUSY, EAGAIN, ETXTBSY, ENOTEMPTY).
        case busy
        /// The caller asked for something malformed (EINVAL, E2BIG, ENAMETOOLONG, ENOTDIR, EISDIR, ELOOP).
        case invalidInput
        /// Content that fails its own checks: a blob whose size, digest or diff ID is wrong.
        case corrupt
        /// Not allowed (EPERM, EACCES, EROFS).
        case permission
        /// This kernel or host lacks it (ENOSYS, EOPNOTSUPP, ENODEV, EAFNOSUPPORT, EPROTONOSUPPORT).
        case unsupported
        /// A signal cut the call short (EINTR).
        case interrupted
        /// The device or the file system failed, or ran out of room (EIO, ENOSPC, EMFILE, ENFILE, ENOMEM, EXDEV...).
        case io
        /// The container's command does not exist (execve: ENOENT, ENOTDIR): docker's exit 127.
        case commandNotFound
        /// The container's command exists but cannot be executed (execve: EACCES, ENOEXEC,
        /// EISDIR...): docker's exit 126.
        case commandNotExecutable
        /// Anything else: a tool's non-zero exit, a parse error.
        case other

        public init(errno code: Int32) {
            switch code {
            case ENOENT, ESRCH, ECHILD: self = .notFound
            case EEXIST: self = .alreadyExists
            case EBUSY, EAGAIN, ETXTBSY, ENOTEMPTY: self = .busy
            case EINVAL, E2BIG, ENAMETOOLONG, ENOTDIR, EISDIR, ELOOP, EBADF: self = .invalidInput
            case EPERM, EACCES, EROFS: self = .permission
            case ENOSYS, EOPNOTSUPP, ENODEV, EAFNOSUPPORT, EPROTONOSUPPORT: self = .unsupported
            case EINTR: self = .interrupted
            default: self = .io
            }
        }

        /// The kind of a failed execve of the container's command.
        public init(execErrno code: Int32) {
            self = code == ENOENT || code == ENOTDIR ? .commandNotFound : .commandNotExecutable
        }
    }
}
