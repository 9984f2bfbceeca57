/// The cgroup v2 form of a device allowlist: v2 has no devices controller, so the rules
/// become a BPF_PROG_TYPE_CGROUP_DEVICE program the kernel runs on each device access
/// (open, mknod) with a `bpf_cgroup_dev_ctx` {access_type, major, minor}; it returns 1 to
/// allow and 0 to refuse. The program reproduces v1's outcome for the same rule list: the
/// last rule that matches decides, and a device no rule matches is allowed (a new v1 cgroup
/// starts from `a *:* rwm`), so lists start with a deny-all rule as Docker's does.
public struct CgroupDeviceProgram: Sendable, Equatable {
    public var instructions: [BPFInstruction]

    public init(rules: [CgroupDeviceRule]) {
        instructions = Self.generate(rules)
    }

    /// The instructions as the kernel takes them, 8 bytes each.
    public var bytes: [UInt8] { instructions.flatMap(\.bytes) }

    // bpf_cgroup_dev_ctx: access_type = (access << 16) | type.
    public static let typeBlock: Int32 = 1
    public static let typeChar: Int32 = 2
    public static let accessMknod: Int32 = 1
    public static let accessRead: Int32 = 2
    public static let accessWrite: Int32 = 4

    /// r2 = device type, r3 = access bits, r4 = major, r5 = minor; then one block per rule,
    /// last rule first, each jumping past itself when the device does not match.
    static func generate(_ rules: [CgroupDeviceRule]) -> [BPFInstruction] {
        var program: [BPFInstruction] = [
            .loadWord(dst: 2, src: 1, offset: 0),
            .and32(dst: 2, immediate: 0xffff),
            .loadWord(dst: 3, src: 1, offset: 0),
            .rightShift32(dst: 3, immediate: 16),
            .loadWord(dst: 4, src: 1, offset: 4),
            .loadWord(dst: 5, src: 1, offset: 8),
        ]
        for rule in rules.reversed() {
            let rulesBlock = block(for: rule)
            program += rulesBlock
            // A rule matching every device ends the program: the verifier refuses code it
            // cannot reach, and no earlier rule could decide anything after it.
            if !rulesBlock.contains(where: \.isConditionalJump) { return program }
        }
        program += [.move64(dst: 0, immediate: 1), .exit]
        return program
    }

    /// Tests then verdict; each test's jump target is the end of the block, counted from the
    /// instruction after the jump.
    static func block(for rule: CgroupDeviceRule) -> [BPFInstruction] {
        enum Test { case notEqual(UInt8, Int32), anySet(UInt8, Int32), noneSet(Int32) }
        var tests: [Test] = []
        switch rule.kind {
        case .all: break
        case .char: tests.append(.notEqual(2, typeChar))
        case .block: tests.append(.notEqual(2, typeBlock))
        }
        if let major = rule.major { tests.append(.notEqual(4, Int32(truncatingIfNeeded: major))) }
        if let minor = rule.minor { tests.append(.notEqual(5, Int32(truncatingIfNeeded: minor))) }
        let ruleAccess = accessBits(rule.access)
        if rule.allow {
            // Allow only when every requested bit is in the rule.
            let outside = ~ruleAccess & 0x7
            if outside != 0 { tests.append(.anySet(3, outside)) }
        } else if ruleAccess != 0x7 {
            // Deny when any requested bit is in the rule.
            tests.append(.noneSet(ruleAccess))
        }
        var body: [[BPFInstruction]] = tests.map { test in
            switch test {
            case .notEqual(let register, let value): return [.jumpIfNotEqual(dst: register, immediate: value, offset: 0)]
            case .anySet(let register, let bits): return [.jumpIfAnySet(dst: register, immediate: bits, offset: 0)]
            case .noneSet(let bits):
                return [.move64Register(dst: 1, src: 3), .and32(dst: 1, immediate: bits),
                        .jumpIfEqual(dst: 1, immediate: 0, offset: 0)]
            }
        }
        body.append([.move64(dst: 0, immediate: rule.allow ? 1 : 0), .exit])
        let flat = body.flatMap { $0 }
        // Patch every jump (all tests jump forward to the end of the block).
        var result: [BPFInstruction] = []
        for (index, instruction) in flat.enumerated() {
            var patched = instruction
            if instruction.isConditionalJump { patched.offset = Int16(flat.count - index - 1) }
            result.append(patched)
        }
        return result
    }

    static func accessBits(_ access: String) -> Int32 {
        var bits: Int32 = 0
        for character in access {
            switch character {
            case "m": bits |= accessMknod
            case "r": bits |= accessRead
            case "w": bits |= accessWrite
            default: break
            }
        }
        return bits
    }
}

/// One eBPF instruction: opcode, registers (dst in the low nibble), offset, immediate.
public struct BPFInstruction: Sendable, Equatable {
    public var code: UInt8
    public var dst: UInt8
    public var src: UInt8
    public var offset: Int16
    public var immediate: Int32

    public init(code: UInt8, dst: UInt8 = 0, src: UInt8 = 0, offset: Int16 = 0, immediate: Int32 = 0) {
        self.code = code
        self.dst = dst
        self.src = src
        self.offset = offset
        self.immediate = immediate
    }

    // Opcodes (linux/bpf.h): class | operation | source.
    public static let opLoadWord: UInt8 = 0x61      // BPF_LDX | BPF_MEM | BPF_W
    public static let opAnd32: UInt8 = 0x54         // BPF_ALU | BPF_AND | BPF_K
    public static let opRightShift32: UInt8 = 0x74  // BPF_ALU | BPF_RSH | BPF_K
    public static let opMove64: UInt8 = 0xb7        // BPF_ALU64 | BPF_MOV | BPF_K
    public static let opMove64Register: UInt8 = 0xbf // BPF_ALU64 | BPF_MOV | BPF_X
    public static let opJumpIfEqual: UInt8 = 0x15   // BPF_JMP | BPF_JEQ | BPF_K
    public static let opJumpIfNotEqual: UInt8 = 0x55 // BPF_JMP | BPF_JNE | BPF_K
    public static let opJumpIfAnySet: UInt8 = 0x45  // BPF_JMP | BPF_JSET | BPF_K
    public static let opExit: UInt8 = 0x95          // BPF_JMP | BPF_EXIT

    static func loadWord(dst: UInt8, src: UInt8, offset: Int16) -> Self { Self(code: opLoadWord, dst: dst, src: src, offset: offset) }
    static func and32(dst: UInt8, immediate: Int32) -> Self { Self(code: opAnd32, dst: dst, immediate: immediate) }
    static func rightShift32(dst: UInt8, immediate: Int32) -> Self { Self(code: opRightShift32, dst: dst, immediate: immediate) }
    static func move64(dst: UInt8, immediate: Int32) -> Self { Self(code: opMove64, dst: dst, immediate: immediate) }
    static func move64Register(dst: UInt8, src: UInt8) -> Self { Self(code: opMove64Register, dst: dst, src: src) }
    static func jumpIfEqual(dst: UInt8, immediate: Int32, offset: Int16) -> Self { Self(code: opJumpIfEqual, dst: dst, offset: offset, immediate: immediate) }
    static func jumpIfNotEqual(dst: UInt8, immediate: Int32, offset: Int16) -> Self { Self(code: opJumpIfNotEqual, dst: dst, offset: offset, immediate: immediate) }
    static func jumpIfAnySet(dst: UInt8, immediate: Int32, offset: Int16) -> Self { Self(code: opJumpIfAnySet, dst: dst, offset: offset, immediate: immediate) }
    static let exit = Self(code: opExit)

    var isConditionalJump: Bool {
        code == Self.opJumpIfEqual || code == Self.opJumpIfNotEqual || code == Self.opJumpIfAnySet
    }

    /// Little-endian `struct bpf_insn`.
    public var bytes: [UInt8] {
        let off = UInt16(bitPattern: offset)
        let imm = UInt32(bitPattern: immediate)
        return [code, (src << 4) | (dst & 0x0f), UInt8(off & 0xff), UInt8(off >> 8),
                UInt8(imm & 0xff), UInt8((imm >> 8) & 0xff), UInt8((imm >> 16) & 0xff), UInt8(imm >> 24)]
    }
}
