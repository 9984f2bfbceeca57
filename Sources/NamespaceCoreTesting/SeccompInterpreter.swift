import NamespaceCore

/// A classic-BPF interpreter for seccomp programs, enough for what libseccomp emits, so
/// a profile's decisions are checked without loading it (shared by the app and system tests).
public struct SeccompInterpreter {
    public static let archX86_64: UInt32 = 0xC000_003E
    public static let archX86: UInt32 = 0x4000_0003
    public static let retAllow: UInt32 = 0x7fff_0000
    public static func retErrno(_ code: Int32) -> UInt32 { 0x0005_0000 | UInt32(code) }

    public struct Instruction { var code: UInt16; var jt: UInt8; var jf: UInt8; var k: UInt32 }
    public let program: [Instruction]

    public init(_ compiled: SeccompProgram) {
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

    public struct Unsupported: Error { public var code: UInt16 }

    /// The filter's return value for syscall `nr` with `args` on `arch`.
    public func run(nr: UInt32, args: [UInt64] = [], arch: UInt32 = archX86_64) throws -> UInt32 {
        try trace(nr: nr, args: args, arch: arch).result
    }

    /// A decision and the words of `struct seccomp_data` it loaded: byte offset 0 is the
    /// syscall number, 4 the architecture, 8 the instruction pointer, 16 on the arguments.
    public struct Decision: Equatable {
        public var result: UInt32
        public var offsetsRead: Set<UInt32>

        /// Whether the kernel's action cache can answer this call without running the filter:
        /// the filter allows it having read only the number and the architecture, so it allows
        /// it whatever the arguments (as the kernel's emulation of the filter at load time finds).
        public var cacheableAllow: Bool {
            result == SeccompInterpreter.retAllow && offsetsRead.isSubset(of: [0, 4])
        }
    }

    /// As `run`, with the fields the decision read.
    public func trace(nr: UInt32, args: [UInt64] = [], arch: UInt32 = archX86_64) throws -> Decision {
        var offsetsRead: Set<UInt32> = []
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
            case 0x20:
                a = data[Int(i.k / 4)]
                offsetsRead.insert(i.k)
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
            case 0x06: return Decision(result: i.k, offsetsRead: offsetsRead)
            case 0x16: return Decision(result: a, offsetsRead: offsetsRead)
            default: throw Unsupported(code: i.code)
            }
        }
        throw Unsupported(code: 0xffff)
    }
}
