import CSeccomp
#if canImport(Glibc)
import Glibc
#endif

extension SeccompProfile {
    /// How `compile` lays the program out; part of the key of every stored program, so a
    /// program compiled otherwise is never loaded in its place.
    public static let compileSettings = "libseccomp binary tree (SCMP_FLTATR_CTL_OPTIMIZE=2)"

    /// Builds the BPF program with libseccomp. Runs in the parent: the child only loads bytes.
    /// Syscall names unknown on this architecture are skipped (as runc does: profiles list
    /// syscalls of several kernels and arches); an unsupported action or architecture is an error.
    /// The syscalls are sorted into a binary tree (libseccomp's optimisation level 2): a call
    /// the filter has to run costs about log2(rules) comparisons instead of a walk down a list
    /// of hundreds, which is what Docker's long allowlist would otherwise cost every call
    /// the kernel's action cache cannot skip (one whose rule looks at an argument).
    public func compile() throws(CoreError) -> SeccompProgram {
        let defaultValue = try defaultAction.libseccompValue()
        guard let context = seccomp_init(defaultValue) else {
            throw CoreError(stage: "seccomp_init", errno: ENOMEM)
        }
        defer { seccomp_release(context) }
        let optimized = seccomp_attr_set(context, SCMP_FLTATR_CTL_OPTIMIZE, 2)
        guard optimized == 0 else {
            throw CoreError(stage: "seccomp_attr_set SCMP_FLTATR_CTL_OPTIMIZE=2", errno: -optimized)
        }

        for name in architectures {
            try Self.addArchitecture(name, to: context)
        }
        for rule in rules {
            try Self.add(rule, defaultAction: defaultAction, to: context)
        }
        let bytes = try Self.exportBPF(context)
        let flagBits = flags.reduce(UInt32(0)) { $0 | $1.bit }
        return SeccompProgram(bytes: bytes, flags: flagBits)
    }

    /// `SCMP_ARCH_X86_64` -> libseccomp's `x86_64`; the native arch is already present.
    private static func addArchitecture(_ name: String, to context: scmp_filter_ctx) throws(CoreError) {
        let short = name.hasPrefix("SCMP_ARCH_") ? String(name.dropFirst("SCMP_ARCH_".count)) : name
        let token = seccomp_arch_resolve_name(short.lowercased())
        guard token != 0 else {
            throw CoreError(stage: "seccomp architecture", detail: "'\(name)' is not an architecture libseccomp knows")
        }
        let result = seccomp_arch_add(context, token)
        guard result == 0 || result == -EEXIST else {
            throw CoreError(stage: "seccomp_arch_add \(name)", errno: -result)
        }
    }

    private static func add(_ rule: SeccompRule, defaultAction: SeccompAction, to context: scmp_filter_ctx) throws(CoreError) {
        // libseccomp refuses a rule whose action is the default one (EACCES); it would change nothing.
        if rule.action == defaultAction { return }
        let action = try rule.action.libseccompValue()
        let conditionSets = try conditionGroups(of: rule)
        for name in rule.syscalls {
            let number = seccomp_syscall_resolve_name(name)
            if number == __NR_SCMP_ERROR { continue }
            for conditions in conditionSets {
                let result = conditions.withUnsafeBufferPointer { buffer in
                    seccomp_rule_add_array(context, action, number, UInt32(buffer.count), buffer.baseAddress)
                }
                guard result == 0 else {
                    throw CoreError(stage: "seccomp_rule_add \(name)", errno: -result)
                }
            }
        }
    }

    /// The conditions of one rule are ANDed, but libseccomp cannot AND two tests of the same
    /// argument; then each condition becomes a rule of its own (ORed), as runc does.
    private static func conditionGroups(of rule: SeccompRule) throws(CoreError) -> [[scmp_arg_cmp]] {
        var converted: [scmp_arg_cmp] = []
        for condition in rule.conditions {
            guard condition.index < 6 else {
                throw CoreError(stage: "seccomp condition", detail: "argument index \(condition.index) is out of range 0...5")
            }
            converted.append(scmp_arg_cmp(arg: condition.index, op: condition.op.libseccompValue,
                                          datum_a: condition.value, datum_b: condition.valueTwo))
        }
        if converted.isEmpty { return [[]] }
        let indexes = Set(rule.conditions.map(\.index))
        if indexes.count == rule.conditions.count { return [converted] }
        return converted.map { [$0] }
    }

    /// libseccomp 2.5 can only export to a descriptor; an unlinked temporary file takes any size
    /// (a pipe could fill up and block the writer).
    private static func exportBPF(_ context: scmp_filter_ctx) throws(CoreError) -> [UInt8] {
        guard let file = tmpfile() else { throw CoreError.fromErrno("seccomp export: tmpfile") }
        defer { fclose(file) }
        let fd = fileno(file)
        let result = seccomp_export_bpf(context, fd)
        guard result == 0 else { throw CoreError(stage: "seccomp_export_bpf", errno: -result) }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw CoreError.fromErrno("seccomp export: lseek") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CoreError.fromErrno("seccomp export: read")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard !bytes.isEmpty, bytes.count % 8 == 0 else {
            throw CoreError(stage: "seccomp export", detail: "program of \(bytes.count) bytes is not whole sock_filter entries")
        }
        return bytes
    }
}

extension SeccompAction {
    /// The SCMP_ACT_* value (the kernel's SECCOMP_RET_* with its data); the function-like
    /// macros of seccomp.h do not reach Swift, so the values are spelled out.
    func libseccompValue() throws(CoreError) -> UInt32 {
        switch self {
        case .killThread: return 0x0000_0000
        case .killProcess: return 0x8000_0000
        case .trap: return 0x0003_0000
        case .errno(let code): return 0x0005_0000 | (code & 0xffff)
        case .trace(let message): return 0x7ff0_0000 | (message & 0xffff)
        case .log: return 0x7ffc_0000
        case .allow: return 0x7fff_0000
        case .notify:
            throw CoreError(stage: "seccomp action", detail: "SCMP_ACT_NOTIFY is not supported (no seccomp listener); use another action")
        }
    }
}

extension SeccompOperator {
    var libseccompValue: scmp_compare {
        switch self {
        case .notEqual: return SCMP_CMP_NE
        case .lessThan: return SCMP_CMP_LT
        case .lessOrEqual: return SCMP_CMP_LE
        case .equal: return SCMP_CMP_EQ
        case .greaterOrEqual: return SCMP_CMP_GE
        case .greaterThan: return SCMP_CMP_GT
        case .maskedEqual: return SCMP_CMP_MASKED_EQ
        }
    }
}
