import Foundation
import Testing
import NamespaceCore
import NamespaceCoreTesting
@testable import AppContainers

/// The default profile compiled with libseccomp and run through a BPF interpreter.
@Suite struct SecuritySeccompTests {
    // x86_64 syscall numbers.
    static let read: UInt32 = 0, socket: UInt32 = 41, clone: UInt32 = 56, personality: UInt32 = 135
    static let chroot: UInt32 = 161, mount: UInt32 = 165, umount2: UInt32 = 166, reboot: UInt32 = 169
    static let initModule: UInt32 = 175, keyctl: UInt32 = 250, unshare: UInt32 = 272, setns: UInt32 = 308
    static let ptrace: UInt32 = 101, bpf: UInt32 = 321, clone3: UInt32 = 435, settimeofday: UInt32 = 164
    static let cloneNewNS: UInt64 = 0x20000, cloneNewUser: UInt64 = 0x1000_0000, cloneNewNet: UInt64 = 0x4000_0000
    static let threadFlags: UInt64 = 0x3d0f00 // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID

    let allow = SeccompInterpreter.retAllow
    let eperm = SeccompInterpreter.retErrno(EPERM)

    private func filter(_ capabilities: Set<UInt32> = AppSecurity.defaultCapabilitySet) throws -> SeccompInterpreter {
        SeccompInterpreter(try AppSecurity.seccompProfile(capabilities: capabilities).compile())
    }

    @Test func defaultProfileShape() {
        let profile = AppSecurity.defaultSeccompProfile
        #expect(profile.defaultAction == .errno(UInt32(EPERM)))
        #expect(profile.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        let allowed = Set(profile.rules.filter { $0.action == .allow && $0.conditions.isEmpty }.flatMap(\.syscalls))
        for name in ["read", "write", "execve", "openat", "ptrace", "chroot", "arch_prctl", "rseq"] {
            #expect(allowed.contains(name), "\(name) should be allowed")
        }
        for name in ["mount", "unshare", "setns", "reboot", "keyctl", "add_key", "kexec_load", "init_module", "bpf", "acct"] {
            #expect(!allowed.contains(name), "\(name) should be refused")
        }
    }

    @Test func defaultDecisions() throws {
        let f = try filter()
        #expect(try f.run(nr: Self.read) == allow)
        #expect(try f.run(nr: Self.ptrace) == allow)
        #expect(try f.run(nr: Self.chroot) == allow)
        for nr in [Self.mount, Self.umount2, Self.unshare, Self.setns, Self.reboot, Self.keyctl, Self.initModule, Self.bpf, Self.settimeofday] {
            #expect(try f.run(nr: nr) == eperm, "syscall \(nr)")
        }
    }

    @Test func cloneWithNamespaceFlagsIsRefused() throws {
        let f = try filter()
        #expect(try f.run(nr: Self.clone, args: [Self.threadFlags]) == allow)
        #expect(try f.run(nr: Self.clone, args: [0x11]) == allow) // fork: SIGCHLD
        #expect(try f.run(nr: Self.clone, args: [Self.cloneNewNS | 0x11]) == eperm)
        #expect(try f.run(nr: Self.clone, args: [Self.cloneNewUser]) == eperm)
        #expect(try f.run(nr: Self.clone, args: [Self.cloneNewNet]) == eperm)
        #expect(try f.run(nr: Self.clone3) == SeccompInterpreter.retErrno(ENOSYS))
    }

    /// Only the rules that look at an argument (socket's family, clone's flags, personality's
    /// value) make the kernel run the program; every other call Docker's allowlist allows is
    /// answered by the kernel's action cache from its number alone, as under LXC's denylist
    /// (SystemSeccompCacheTests). So getpid and stat cost what any filter costs a call.
    @Test func onlyCallsWithArgumentRulesRunTheFilter() throws {
        let f = try filter()
        var readingMore: [UInt32] = []
        for nr: UInt32 in 0...480 {
            let decision = try f.trace(nr: nr)
            if !decision.offsetsRead.isSubset(of: [0, 4]) { readingMore.append(nr) }
        }
        #expect(readingMore == [Self.socket, Self.clone, Self.personality])
        for nr: UInt32 in [39, 262, 4, Self.read] { // getpid, newfstatat, stat, read
            #expect(try f.trace(nr: nr).cacheableAllow, "syscall \(nr)")
        }
        #expect(try f.trace(nr: Self.mount).result == eperm)
    }

    @Test func argumentConditions() throws {
        let f = try filter()
        #expect(try f.run(nr: Self.personality, args: [0]) == allow)
        #expect(try f.run(nr: Self.personality, args: [0xffff_ffff]) == allow)
        #expect(try f.run(nr: Self.personality, args: [0x40_0000]) == eperm) // READ_IMPLIES_EXEC
        #expect(try f.run(nr: Self.socket, args: [2]) == allow)  // AF_INET
        #expect(try f.run(nr: Self.socket, args: [40]) == eperm) // AF_VSOCK
    }

    @Test func capabilitiesWidenTheProfile() throws {
        var caps = AppSecurity.defaultCapabilitySet
        caps.insert(try #require(Capability.number(named: "SYS_ADMIN")))
        let admin = try filter(caps)
        #expect(try admin.run(nr: Self.mount) == allow)
        #expect(try admin.run(nr: Self.unshare) == allow)
        #expect(try admin.run(nr: Self.setns) == allow)
        #expect(try admin.run(nr: Self.clone, args: [Self.cloneNewNS]) == allow)
        #expect(try admin.run(nr: Self.clone3) == allow)
        #expect(try admin.run(nr: Self.reboot) == eperm)

        var more = AppSecurity.defaultCapabilitySet
        for name in ["SYS_BOOT", "SYS_MODULE", "SYS_TIME"] { more.insert(try #require(Capability.number(named: name))) }
        let other = try filter(more)
        #expect(try other.run(nr: Self.reboot) == allow)
        #expect(try other.run(nr: Self.initModule) == allow)
        #expect(try other.run(nr: Self.settimeofday) == allow)
        #expect(try other.run(nr: Self.mount) == eperm)

        var noChroot = AppSecurity.defaultCapabilitySet
        noChroot.remove(try #require(Capability.number(named: "SYS_CHROOT")))
        #expect(try filter(noChroot).run(nr: Self.chroot) == eperm)
    }

    @Test func thirtyTwoBitProcessesAreFilteredToo() throws {
        let f = try filter()
        #expect(try f.run(nr: 3, arch: SeccompInterpreter.archX86) == allow)    // i386 read
        #expect(try f.run(nr: 21, arch: SeccompInterpreter.archX86) == eperm)   // i386 mount
        #expect(try f.run(nr: 0, arch: 0xdead_beef) != allow)                    // an unknown arch
        // fstat64 (197 on i386) exists only on 32-bit x86; libseccomp still places it there.
        #expect(try f.run(nr: 197, arch: SeccompInterpreter.archX86) == allow)
    }

    @Test func cacheReturnsTheSameProgramAndSurvivesTampering() throws {
        let directory = NSTemporaryDirectory() + "apptest-seccomp-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = SeccompProgramCache(directory: directory)
        let profile = AppSecurity.defaultSeccompProfile
        let compiled = try cache.program(for: profile)
        #expect(compiled == (try profile.compile()))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("seccomp-") })
        #expect(try cache.program(for: profile) == compiled)
        // A stored description that differs (a collision, a stale file) means recompiling.
        let described = try #require(files.first { $0.hasSuffix(".profile") })
        try Data("something else".utf8).write(to: URL(fileURLWithPath: directory + "/" + described))
        let bpf = try #require(files.first { $0.hasSuffix(".bpf") })
        try Data(repeating: 0, count: 8).write(to: URL(fileURLWithPath: directory + "/" + bpf))
        #expect(try cache.program(for: profile) == compiled)
    }
}
