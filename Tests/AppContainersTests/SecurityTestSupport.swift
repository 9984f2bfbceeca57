import NamespaceCore

/// A classic-BPF interpreter for seccomp programs, enough for what libseccomp emits, so
/// the default profile's decisions are checked without loading it.
struct SeccompInterpreter {
    static let archX86_64: UInt32 = 0xC000_003E
    static let archX86: UInt32 = 0x4000_0003
    static let retAllow: UInt32 = 0x7fff_0000
    static func retErrno(_ code: Int32) -> UInt32 { 0x0005_0000 | UInt32(code) }

    struct Instruction { var code: UInt16; var jt: UInt8; var jf: UInt8; var k: UInt32 }
    let program: [Instruction]

    init(_ compiled: SeccompProgram) {
        let b = compiled.bytes
        var decoded: [Instruction] = []
        for o in stride(from: 0, to: b.count, by: 8) {
            let code = UInt16(b[o]) | (UInt16(b[o + 1]) << 8)
            var k = UInt32(b[o + 4])
            k |= UInt32(b[o + 5]) << 8
            k |= UInt32(b[o + 6]) << 16
            k |= UInt32(b[o + 7]) << 24
            decoded.append(Instruction(code: code, jt: b[o + 2], jf: b[o + 3], k: k))
        }
        program = decoded
    }

    struct Unsupported: Error { var code: UInt16 }

    /// The filter's return value for syscall `nr` with `args` on `arch`.
    func run(nr: UInt32, args: [UInt64] = [], arch: UInt32 = archX86_64) throws -> UInt32 {
        var data = [UInt32](repeating: 0, count: 16)
        data[0] = nr
        data[1] = arch
        for (i, arg) in args.prefix(6).enumerated() {
            data[4 + 2 * i] = UInt32(truncatingIfNeeded: arg)
            data[5 + 2 * i] = UInt32(truncatingIfNeeded: arg >> 32)
        }
        var a: UInt32 = 0, x: UInt32 = 0
        var memory = [UInt32](repeating: 0, count: 16)
        var pc = 0
        while pc < program.count {
            let i = program[pc]
            pc += 1
            switch i.code {
            case 0x20: a = data[Int(i.k / 4)]
            case 0x00: a = i.k
            case 0x01: x = i.k
            case 0x60: a = memory[Int(i.k)]
            case 0x61: x = memory[Int(i.k)]
            case 0x02: memory[Int(i.k)] = a
            case 0x03: memory[Int(i.k)] = x
            case 0x54: a &= i.k
            case 0x44: a |= i.k
            case 0x04: a &+= i.k
            case 0x14: a &-= i.k
            case 0x07: x = a
            case 0x87: a = x
            case 0x05: pc += Int(i.k)
            case 0x15: pc += a == i.k ? Int(i.jt) : Int(i.jf)
            case 0x25: pc += a > i.k ? Int(i.jt) : Int(i.jf)
            case 0x35: pc += a >= i.k ? Int(i.jt) : Int(i.jf)
            case 0x45: pc += a & i.k != 0 ? Int(i.jt) : Int(i.jf)
            case 0x1d: pc += a == x ? Int(i.jt) : Int(i.jf)
            case 0x2d: pc += a > x ? Int(i.jt) : Int(i.jf)
            case 0x3d: pc += a >= x ? Int(i.jt) : Int(i.jf)
            case 0x4d: pc += a & x != 0 ? Int(i.jt) : Int(i.jf)
            case 0x06: return i.k
            case 0x16: return a
            default: throw Unsupported(code: i.code)
            }
        }
        throw Unsupported(code: 0xffff)
    }
}

/// An eBPF interpreter for the opcodes `CgroupDeviceProgram` emits; running it on a
/// `bpf_cgroup_dev_ctx` gives the program's verdict (1 allow, 0 deny).
struct DeviceProgramInterpreter {
    let instructions: [BPFInstruction]
    struct Fault: Error { var reason: String }

    /// Indexes no path from the first instruction reaches: the kernel verifier refuses a
    /// program with any (its check_cfg pass), as well as jumps out of the program.
    var unreachable: [Int] {
        var seen = Set<Int>()
        var pending = [0]
        while let index = pending.popLast() {
            guard index < instructions.count, seen.insert(index).inserted else { continue }
            let instruction = instructions[index]
            if instruction.code == BPFInstruction.opExit { continue }
            pending.append(index + 1)
            if [BPFInstruction.opJumpIfEqual, BPFInstruction.opJumpIfNotEqual, BPFInstruction.opJumpIfAnySet].contains(instruction.code) {
                pending.append(index + 1 + Int(instruction.offset))
            }
        }
        return (0..<instructions.count).filter { !seen.contains($0) }
    }

    func run(type: Int32, access: Int32, major: UInt32, minor: UInt32) throws -> UInt64 {
        let context: [UInt32] = [UInt32(access << 16 | type), major, minor]
        var registers = [UInt64](repeating: 0, count: 11)
        registers[1] = 0x1000 // the context "pointer"
        var pc = 0
        var steps = 0
        while pc < instructions.count {
            steps += 1
            if steps > 10_000 { throw Fault(reason: "loop") }
            let i = instructions[pc]
            pc += 1
            let d = Int(i.dst), s = Int(i.src)
            let imm = UInt64(bitPattern: Int64(i.immediate))
            switch i.code {
            case BPFInstruction.opLoadWord:
                guard registers[s] == 0x1000, i.offset >= 0, i.offset % 4 == 0, Int(i.offset) / 4 < context.count else {
                    throw Fault(reason: "bad load at \(pc - 1)")
                }
                registers[d] = UInt64(context[Int(i.offset) / 4])
            case BPFInstruction.opAnd32: registers[d] = UInt64(UInt32(truncatingIfNeeded: registers[d]) & UInt32(bitPattern: i.immediate))
            case BPFInstruction.opRightShift32: registers[d] = UInt64(UInt32(truncatingIfNeeded: registers[d]) >> UInt32(i.immediate))
            case BPFInstruction.opMove64: registers[d] = imm
            case BPFInstruction.opMove64Register: registers[d] = registers[s]
            case BPFInstruction.opJumpIfEqual: if registers[d] == imm { pc += Int(i.offset) }
            case BPFInstruction.opJumpIfNotEqual: if registers[d] != imm { pc += Int(i.offset) }
            case BPFInstruction.opJumpIfAnySet: if registers[d] & imm != 0 { pc += Int(i.offset) }
            case BPFInstruction.opExit: return registers[0]
            default: throw Fault(reason: "opcode \(i.code)")
            }
            if pc > instructions.count { throw Fault(reason: "jump past the end") }
        }
        throw Fault(reason: "fell off the end")
    }
}
