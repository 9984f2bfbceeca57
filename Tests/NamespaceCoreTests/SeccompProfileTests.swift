import Testing
import Glibc
import CSeccomp
@testable import NamespaceCore

/// One classic BPF instruction decoded from the program bytes (host byte order, x86_64 here).
private struct Instruction: Equatable {
    var code: UInt16
    var jt: UInt8
    var jf: UInt8
    var k: UInt32
}

private func instructions(_ program: SeccompProgram) -> [Instruction] {
    stride(from: 0, to: program.bytes.count, by: 8).map { offset in
        let b = program.bytes
        let code = UInt16(b[offset]) | UInt16(b[offset + 1]) << 8
        let k = UInt32(b[offset + 4]) | UInt32(b[offset + 5]) << 8 | UInt32(b[offset + 6]) << 16 | UInt32(b[offset + 7]) << 24
        return Instruction(code: code, jt: b[offset + 2], jf: b[offset + 3], k: k)
    }
}

private let bpfLdWAbs: UInt16 = 0x20
private let bpfJmpJeqK: UInt16 = 0x15
private let bpfRetK: UInt16 = 0x06

/// A small profile shaped like Docker's default: ERRNO by default, an allowlist, and the
/// argument-conditioned rules Docker uses for personality(2) and clone(2).
private func dockerLikeProfile() -> SeccompProfile {
    SeccompProfile(
        defaultAction: .errno(UInt32(EPERM)),
        architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
        rules: [
            SeccompRule(syscalls: ["read", "write", "openat", "close", "exit_group", "futex", "no_such_syscall_cbench"],
                        action: .allow),
            // Same argument tested three times: libseccomp cannot AND these, so they become three rules.
            SeccompRule(syscalls: ["personality"], action: .allow, conditions: [
                SeccompCondition(index: 0, value: 0x0, op: .equal),
                SeccompCondition(index: 0, value: 0x8, op: .equal),
                SeccompCondition(index: 0, value: 0x20000, op: .equal),
            ]),
            SeccompRule(syscalls: ["clone"], action: .allow, conditions: [
                SeccompCondition(index: 0, value: 0x7E02_0000, valueTwo: 0, op: .maskedEqual),
            ]),
            SeccompRule(syscalls: ["socket"], action: .errno(UInt32(EACCES)), conditions: [
                SeccompCondition(index: 0, value: 16, op: .equal),
                SeccompCondition(index: 2, value: 9, op: .equal),
            ]),
            SeccompRule(syscalls: ["kill"], action: .allow, conditions: [
                SeccompCondition(index: 1, value: 0, op: .notEqual),
            ]),
        ])
}

@Test func dockerLikeProfileCompiles() throws {
    let program = try dockerLikeProfile().compile()
    #expect(program.instructionCount > 0)
    #expect(program.bytes.count == program.instructionCount * 8)
    let code = instructions(program)
    // libseccomp starts every filter by checking the architecture: ld [4] (seccomp_data.arch).
    #expect(code.first == Instruction(code: bpfLdWAbs, jt: 0, jf: 0, k: 4))
    #expect(code.contains { $0.code == bpfRetK && $0.k == 0x0005_0000 | UInt32(EPERM) })
    #expect(code.contains { $0.code == bpfRetK && $0.k == 0x0005_0000 | UInt32(EACCES) })
    #expect(code.contains { $0.code == bpfRetK && $0.k == 0x7fff_0000 })
}

@Test func mkdirDenylistReturnsEPERM() throws {
    let profile = SeccompProfile(defaultAction: .allow, rules: [
        SeccompRule(syscalls: ["mkdir", "mkdirat"], action: .errno(UInt32(EPERM))),
    ])
    let code = instructions(try profile.compile())
    #expect(code.first == Instruction(code: bpfLdWAbs, jt: 0, jf: 0, k: 4))
    // x86_64: mkdir is 83, mkdirat 258; both are compared against seccomp_data.nr.
    #expect(code.contains { $0.code == bpfJmpJeqK && $0.k == 83 })
    #expect(code.contains { $0.code == bpfJmpJeqK && $0.k == 258 })
    #expect(code.contains { $0.code == bpfRetK && $0.k == 0x0005_0001 })
    #expect(code.contains { $0.code == bpfRetK && $0.k == 0x7fff_0000 })
}

@Test func unknownSyscallNamesAreSkipped() throws {
    let plain = SeccompProfile(defaultAction: .allow, rules: [SeccompRule(syscalls: ["mkdir"], action: .errno(1))])
    var withUnknown = plain
    withUnknown.rules[0].syscalls.append("cbench_not_a_syscall")
    #expect(try withUnknown.compile() == plain.compile())
}

@Test func rulesWithTheDefaultActionAreDropped() throws {
    let plain = SeccompProfile(defaultAction: .allow, rules: [SeccompRule(syscalls: ["mkdir"], action: .errno(1))])
    var redundant = plain
    redundant.rules.append(SeccompRule(syscalls: ["read"], action: .allow))
    #expect(try redundant.compile() == plain.compile())
}

@Test func flagsBecomeKernelBits() throws {
    let profile = SeccompProfile(defaultAction: .allow, flags: [.tsync, .log, .specAllow],
                                 rules: [SeccompRule(syscalls: ["mkdir"], action: .log)])
    #expect(try profile.compile().flags == 7)
}

@Test func unknownActionNameIsAnError() {
    #expect(throws: CoreError.self) { try SeccompAction(name: "SCMP_ACT_EXPLODE") }
    do {
        _ = try SeccompAction(name: "SCMP_ACT_EXPLODE")
    } catch {
        #expect(error.description.contains("'SCMP_ACT_EXPLODE' is not one of SCMP_ACT_KILL"))
    }
}

@Test func actionNamesParse() throws {
    #expect(try SeccompAction(name: "SCMP_ACT_ERRNO") == .errno(UInt32(EPERM)))
    #expect(try SeccompAction(name: "SCMP_ACT_ERRNO", errnoRet: 38) == .errno(38))
    #expect(try SeccompAction(name: "SCMP_ACT_KILL") == .killThread)
    #expect(try SeccompAction(name: "SCMP_ACT_KILL_PROCESS") == .killProcess)
    #expect(try SeccompAction(name: "SCMP_ACT_TRACE") == .trace(UInt32(EPERM)))
    #expect(try SeccompOperator(name: "SCMP_CMP_MASKED_EQ") == .maskedEqual)
    #expect(throws: CoreError.self) { try SeccompOperator(name: "SCMP_CMP_LIKE") }
    #expect(throws: CoreError.self) { try SeccompFilterFlag(name: "SECCOMP_FILTER_FLAG_BOGUS") }
}

@Test func notifyIsRefusedAtCompile() {
    let profile = SeccompProfile(defaultAction: .allow, rules: [SeccompRule(syscalls: ["mkdir"], action: .notify)])
    #expect(throws: CoreError.self) { try profile.compile() }
    #expect(throws: CoreError.self) { try SeccompProfile(defaultAction: .notify).compile() }
}

@Test func unknownArchitectureIsAnError() {
    let profile = SeccompProfile(defaultAction: .allow, architectures: ["SCMP_ARCH_VAX"])
    #expect(throws: CoreError.self) { try profile.compile() }
}

@Test func conditionIndexOutOfRangeIsAnError() {
    let profile = SeccompProfile(defaultAction: .allow, rules: [
        SeccompRule(syscalls: ["mkdir"], action: .errno(1), conditions: [SeccompCondition(index: 6, value: 0, op: .equal)]),
    ])
    #expect(throws: CoreError.self) { try profile.compile() }
}

/// libseccomp's binary tree (SCMP_FLTATR_CTL_OPTIMIZE=2): a long allowlist is searched by
/// halving the syscall number range with `jgt` tests, not walked one `jeq` at a time, so a
/// call the filter has to run costs about log2(rules) comparisons.
@Test func aLongAllowlistIsSearchedAsABinaryTree() throws {
    let names = (0..<400).compactMap { number -> String? in
        guard let name = seccomp_syscall_resolve_num_arch(0, Int32(number)) else { return nil }
        defer { free(name) }
        return String(cString: name)
    }
    #expect(names.count > 300)
    let profile = SeccompProfile(defaultAction: .errno(UInt32(EPERM)), rules: [SeccompRule(syscalls: names, action: .allow)])
    let program = try profile.compile()
    let bpfJmpJgtK: UInt16 = 0x25
    let halvings = instructions(program).filter { $0.code == bpfJmpJgtK }.count
    #expect(halvings >= 64, "a linear list has no jgt on the syscall number; a tree of \(names.count) rules has one per node")
}
