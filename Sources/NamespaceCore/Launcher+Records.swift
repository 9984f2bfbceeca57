#if canImport(Glibc)
import Glibc
#endif
import CShim

/// What the child reports over the close-on-exec report pipe.
public enum LaunchRecord: Sendable, Equatable {
    /// Set-up failed; the child has exited.
    case failure(CoreError)
    /// All set-up is done and the child waits at its start gate.
    case ready
    /// A child unshared a user namespace and waits for its id maps: the first child (0), or
    /// the lock stage's helper (its host pid).
    case userNamespace(Int32)
    /// The first child forked the final process (host pid).
    case childPID(Int32)
    /// The final process made its mounts and waits, before pivot_root, for OCI create hooks.
    case hooks
    /// A record this build does not know.
    case unknown(UInt32)

    /// Decodes a raw record: the stage name plus its argument becomes the error's stage,
    /// e.g. `mount /proc`, `exec /bin/foo`, `setrlimit RLIMIT_NOFILE`.
    public init(_ record: cshim_record) {
        switch record.kind {
        case UInt32(CSHIM_RECORD_ERROR.rawValue):
            let name = String(cString: cshim_stage_name(record.stage))
            let arg = Self.text(of: record.arg)
            let reason = Self.text(of: record.reason)
            // A failed execve says whether the command is missing or not runnable (exit 127/126).
            let kind = record.stage == UInt32(CSHIM_STAGE_EXEC.rawValue) && record.err != 0
                ? CoreError.Kind(execErrno: record.err) : nil
            self = .failure(CoreError(kind: kind, stage: arg.isEmpty ? name : "\(name) \(arg)",
                                      errno: record.err == 0 ? nil : record.err,
                                      detail: reason.isEmpty ? nil : reason))
        case UInt32(CSHIM_RECORD_READY.rawValue): self = .ready
        case UInt32(CSHIM_RECORD_USERNS.rawValue): self = .userNamespace(record.value)
        case UInt32(CSHIM_RECORD_CHILD_PID.rawValue): self = .childPID(record.value)
        case UInt32(CSHIM_RECORD_HOOKS.rawValue): self = .hooks
        default: self = .unknown(record.kind)
        }
    }

    /// A fixed-size C char array (imported as a tuple) as a String, up to its NUL.
    static func text<T>(of tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Reads one whole record; nil at EOF (the child exec'd or exited without a word).
    static func read(from fd: Int32) throws(CoreError) -> LaunchRecord? {
        var record = cshim_record()
        let size = MemoryLayout<cshim_record>.size
        let got = try withUnsafeMutableBytes(of: &record) { raw throws(CoreError) in
            try FileIO.readFully(fd, into: raw, shown: "launch report")
        }
        if got == 0 { return nil }
        guard got == size else {
            throw CoreError(stage: "read launch report", errno: EIO, detail: "truncated record")
        }
        return LaunchRecord(record)
    }
}
