import NamespaceCore
import NamespaceCoreTesting

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
