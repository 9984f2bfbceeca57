/// A seccomp filter described as data: what happens by default and the rules that differ.
/// It is compiled to BPF in the parent (`compile()`) so the child only has to load bytes.
public struct SeccompProfile: Sendable, Equatable {
    /// The action for every syscall no rule matches.
    public var defaultAction: SeccompAction
    /// Architectures the filter accepts besides the native one, e.g. `SCMP_ARCH_X86`.
    public var architectures: [String]
    public var flags: [SeccompFilterFlag]
    public var rules: [SeccompRule]

    public init(defaultAction: SeccompAction, architectures: [String] = [],
                flags: [SeccompFilterFlag] = [], rules: [SeccompRule] = []) {
        self.defaultAction = defaultAction
        self.architectures = architectures
        self.flags = flags
        self.rules = rules
    }
}

/// One rule: these syscalls, when every condition holds, take this action.
public struct SeccompRule: Sendable, Equatable {
    /// Syscall names; names this architecture does not know are skipped, as runc does.
    public var syscalls: [String]
    public var action: SeccompAction
    public var conditions: [SeccompCondition]

    public init(syscalls: [String], action: SeccompAction, conditions: [SeccompCondition] = []) {
        self.syscalls = syscalls
        self.action = action
        self.conditions = conditions
    }
}

/// A comparison of one syscall argument. For `.maskedEqual`, `value` is the mask and
/// `valueTwo` the value the masked argument must equal (the OCI and libseccomp order).
public struct SeccompCondition: Sendable, Equatable {
    public var index: UInt32
    public var value: UInt64
    public var valueTwo: UInt64
    public var op: SeccompOperator

    public init(index: UInt32, value: UInt64, valueTwo: UInt64 = 0, op: SeccompOperator) {
        self.index = index
        self.value = value
        self.valueTwo = valueTwo
        self.op = op
    }
}

public enum SeccompAction: Sendable, Equatable {
    /// Kill the calling thread (SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD).
    case killThread
    case killProcess
    case trap
    /// Fail with this errno; OCI's default when `errnoRet` is absent is EPERM.
    case errno(UInt32)
    /// Notify a ptrace tracer with this message value.
    case trace(UInt32)
    case allow
    case log
    /// User-space notification: needs a listener, which this project does not provide.
    case notify
}

public enum SeccompOperator: String, Sendable, Equatable, CaseIterable {
    case notEqual = "SCMP_CMP_NE"
    case lessThan = "SCMP_CMP_LT"
    case lessOrEqual = "SCMP_CMP_LE"
    case equal = "SCMP_CMP_EQ"
    case greaterOrEqual = "SCMP_CMP_GE"
    case greaterThan = "SCMP_CMP_GT"
    case maskedEqual = "SCMP_CMP_MASKED_EQ"
}

/// SECCOMP_FILTER_FLAG_* passed to seccomp(2) when the program is loaded.
public enum SeccompFilterFlag: String, Sendable, Equatable, CaseIterable {
    case tsync = "SECCOMP_FILTER_FLAG_TSYNC"
    case log = "SECCOMP_FILTER_FLAG_LOG"
    case specAllow = "SECCOMP_FILTER_FLAG_SPEC_ALLOW"

    /// The kernel's bit for this flag (linux/seccomp.h).
    public var bit: UInt32 {
        switch self {
        case .tsync: return 1
        case .log: return 2
        case .specAllow: return 4
        }
    }
}
