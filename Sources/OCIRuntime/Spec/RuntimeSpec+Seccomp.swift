extension RuntimeSpec {
    /// `linux.seccomp`, names as text (`SCMP_ACT_ERRNO`); `seccompProfile()` parses them.
    public struct Seccomp: Codable, Sendable, Equatable {
        public var defaultAction: String
        public var defaultErrnoRet: UInt32?
        public var architectures: [String]?
        public var flags: [String]?
        public var listenerPath: String?
        public var syscalls: [Syscall]?

        public init(defaultAction: String, defaultErrnoRet: UInt32? = nil, architectures: [String]? = nil,
                    flags: [String]? = nil, syscalls: [Syscall]? = nil) {
            self.defaultAction = defaultAction
            self.defaultErrnoRet = defaultErrnoRet
            self.architectures = architectures
            self.flags = flags
            self.syscalls = syscalls
        }
    }

    /// `linux.seccomp.syscalls[]`.
    public struct Syscall: Codable, Sendable, Equatable {
        public var names: [String]
        public var action: String
        public var errnoRet: UInt32?
        public var args: [SyscallArgument]?

        public init(names: [String], action: String, errnoRet: UInt32? = nil, args: [SyscallArgument]? = nil) {
            self.names = names
            self.action = action
            self.errnoRet = errnoRet
            self.args = args
        }
    }

    /// `linux.seccomp.syscalls[].args[]`.
    public struct SyscallArgument: Codable, Sendable, Equatable {
        public var index: UInt32
        public var value: UInt64
        public var valueTwo: UInt64?
        public var op: String

        public init(index: UInt32, value: UInt64, valueTwo: UInt64? = nil, op: String) {
            self.index = index
            self.value = value
            self.valueTwo = valueTwo
            self.op = op
        }
    }
}
