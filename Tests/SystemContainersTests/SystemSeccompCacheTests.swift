import Testing
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import NamespaceCoreTesting
import SystemContainers

/// What keeps LXC's denylist as cheap a call as any filter can be: the kernel's per-syscall
/// action cache answers, without running the program, every call the filter allows having
/// read only the syscall number and the architecture. Here that is every call but umount2,
/// whose rule reads its flags; a rule that read an argument of a common call would make every
/// such call run the program. The five denied calls stay denied with EPERM.
@Suite struct SystemSeccompCacheTests {
    /// Past every x86_64 syscall number of kernel 6.18 (numbers libseccomp does not know are
    /// decided like any other call the rules do not name).
    static let highestNumberChecked: UInt32 = 480
    static let umount2: UInt32 = 166
    // kexec_load, open_by_handle_at, init_module, finit_module, delete_module (x86_64).
    static let denied: Set<UInt32> = [246, 304, 175, 313, 176]
    // The overhead suite's calls: getpid, newfstatat (glibc's stat), personality; and stat itself.
    static let measured: [UInt32] = [39, 262, 135, 4]

    @Test func everyCallButUmount2IsDecidedFromItsNumberAlone() throws {
        let filter = SeccompInterpreter(try SystemSecurity.seccompProfile.compile())
        var readingMore: [UInt32] = []
        var deniedSeen: Set<UInt32> = []
        for nr in 0...Self.highestNumberChecked {
            let decision = try filter.trace(nr: nr)
            if !decision.offsetsRead.isSubset(of: [0, 4]) { readingMore.append(nr) }
            if decision.result == SeccompInterpreter.retErrno(EPERM) {
                deniedSeen.insert(nr)
            } else if nr != Self.umount2 {
                #expect(decision.cacheableAllow, "syscall \(nr): \(decision)")
            }
        }
        #expect(readingMore == [Self.umount2])
        #expect(deniedSeen == Self.denied)
        for nr in Self.measured {
            #expect(try filter.trace(nr: nr).cacheableAllow, "syscall \(nr)")
        }
    }

    /// The one rule with a condition reads the flags word and nothing else.
    @Test func umount2ReadsOnlyItsFlags() throws {
        let filter = SeccompInterpreter(try SystemSecurity.seccompProfile.compile())
        let forced = try filter.trace(nr: Self.umount2, args: [0, UInt64(MNT_FORCE)])
        #expect(forced.result == SeccompInterpreter.retErrno(EACCES))
        // args[1] is at byte 16 + 8; libseccomp reads its low word, and its high word too.
        let arguments = forced.offsetsRead.subtracting([0, 4])
        #expect(arguments.contains(24) && arguments.isSubset(of: [24, 28]), "\(forced.offsetsRead)")
    }
}
