#if canImport(Glibc)
import Glibc
#endif

// Parsing of the names OCI config.json and Docker profiles use (SCMP_ACT_*, SCMP_CMP_*,
// SECCOMP_FILTER_FLAG_*). An unknown name is an error: guessing would weaken the filter.

extension SeccompAction {
    /// Every action name accepted by `init(name:errnoRet:)`.
    public static let names = [
        "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
        "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
    ]

    /// `errnoRet` applies to SCMP_ACT_ERRNO and SCMP_ACT_TRACE; both default to EPERM as in runc.
    public init(name: String, errnoRet: UInt32? = nil) throws(CoreError) {
        switch name {
        case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD": self = .killThread
        case "SCMP_ACT_KILL_PROCESS": self = .killProcess
        case "SCMP_ACT_TRAP": self = .trap
        case "SCMP_ACT_ERRNO": self = .errno(errnoRet ?? UInt32(EPERM))
        case "SCMP_ACT_TRACE": self = .trace(errnoRet ?? UInt32(EPERM))
        case "SCMP_ACT_ALLOW": self = .allow
        case "SCMP_ACT_LOG": self = .log
        case "SCMP_ACT_NOTIFY": self = .notify
        default:
            throw CoreError(stage: "seccomp action", detail: "'\(name)' is not one of \(Self.names.joined(separator: ", "))")
        }
    }
}

extension SeccompOperator {
    public init(name: String) throws(CoreError) {
        guard let op = SeccompOperator(rawValue: name) else {
            let known = SeccompOperator.allCases.map(\.rawValue).joined(separator: ", ")
            throw CoreError(stage: "seccomp operator", detail: "'\(name)' is not one of \(known)")
        }
        self = op
    }
}

extension SeccompFilterFlag {
    public init(name: String) throws(CoreError) {
        guard let flag = SeccompFilterFlag(rawValue: name) else {
            let known = SeccompFilterFlag.allCases.map(\.rawValue).joined(separator: ", ")
            throw CoreError(stage: "seccomp flag", detail: "'\(name)' is not one of \(known)")
        }
        self = flag
    }
}
