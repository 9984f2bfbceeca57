import Testing
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import NamespaceCoreTesting
@testable import AppContainers

@Suite struct SecurityDeviceTests {
    static let c = CgroupDeviceProgram.typeChar, b = CgroupDeviceProgram.typeBlock
    static let r = CgroupDeviceProgram.accessRead, w = CgroupDeviceProgram.accessWrite, m = CgroupDeviceProgram.accessMknod

    @Test func v1LinesStartWithDenyAll() {
        let lines = AppSecurity.cgroupDeviceRules.map(\.v1Line)
        #expect(lines.first == "a *:* rwm")
        #expect(!AppSecurity.cgroupDeviceRules[0].allow)
        for expected in ["c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
                         "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm"] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        #expect(lines.count == 13)
    }

    @Test(arguments: [
        (c, r | w, UInt32(1), UInt32(3), UInt64(1)),    // /dev/null
        (c, r, UInt32(1), UInt32(9), UInt64(1)),        // /dev/urandom
        (c, r | w, UInt32(136), UInt32(7), UInt64(1)),  // /dev/pts/7
        (c, r | w, UInt32(10), UInt32(200), UInt64(1)), // /dev/net/tun
        (c, r | w, UInt32(5), UInt32(2), UInt64(1)),    // /dev/ptmx
        (c, r, UInt32(1), UInt32(1), UInt64(0)),        // /dev/mem
        (c, r | w, UInt32(10), UInt32(229), UInt64(0)), // /dev/fuse
        (b, r, UInt32(8), UInt32(0), UInt64(0)),        // /dev/sda
        (b, m, UInt32(8), UInt32(0), UInt64(1)),        // mknod of a block node
        (c, m, UInt32(4), UInt32(1), UInt64(1)),        // mknod of any char node
        (c, m | r, UInt32(4), UInt32(1), UInt64(0)),    // but not reading it
    ])
    func defaultProgramDecisions(type: Int32, access: Int32, major: UInt32, minor: UInt32, expected: UInt64) throws {
        let program = CgroupDeviceProgram(rules: AppSecurity.cgroupDeviceRules)
        let verdict = try DeviceProgramInterpreter(instructions: program.instructions)
            .run(type: type, access: access, major: major, minor: minor)
        #expect(verdict == expected)
    }

    @Test func lastMatchingRuleWinsAndNoRulesAllowAll() throws {
        let open = DeviceProgramInterpreter(instructions: CgroupDeviceProgram(rules: []).instructions)
        #expect(try open.run(type: Self.b, access: Self.r, major: 8, minor: 0) == 1)
        let rules = [CgroupDeviceRule(allow: true, kind: .all),
                     CgroupDeviceRule(allow: false, kind: .char, major: 1, minor: nil, access: "w")]
        let program = DeviceProgramInterpreter(instructions: CgroupDeviceProgram(rules: rules).instructions)
        #expect(try program.run(type: Self.c, access: Self.r, major: 1, minor: 3) == 1)
        #expect(try program.run(type: Self.c, access: Self.r | Self.w, major: 1, minor: 3) == 0)
        #expect(try program.run(type: Self.c, access: Self.w, major: 2, minor: 3) == 1)
    }

    @Test func everyInstructionIsReachable() {
        for rules in [AppSecurity.cgroupDeviceRules, AppSecurity.privilegedCgroupDeviceRules, [],
                      [CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 3)]] {
            let program = DeviceProgramInterpreter(instructions: CgroupDeviceProgram(rules: rules).instructions)
            #expect(program.unreachable.isEmpty, "unreachable \(program.unreachable) for \(rules.map(\.v1Line))")
        }
    }

    @Test func instructionsEncodeAsTheKernelReadsThem() {
        let program = CgroupDeviceProgram(rules: AppSecurity.cgroupDeviceRules)
        #expect(program.bytes.count == program.instructions.count * 8)
        // r2 = *(u32 *)(r1 + 0): opcode 0x61, dst 2 in the low nibble, src 1 in the high one.
        #expect(Array(program.bytes.prefix(8)) == [0x61, 0x12, 0, 0, 0, 0, 0, 0])
        #expect(Array(program.bytes.suffix(8)) == [0x95, 0, 0, 0, 0, 0, 0, 0])
    }

    final class RecordingBPF: BPFDeviceProgramSystem, @unchecked Sendable {
        var calls: [String] = []
        var failAttach = false
        func load(_ program: CgroupDeviceProgram) throws(CoreError) -> Int32 {
            calls.append("load \(program.instructions.count)"); return 11
        }
        func openDirectory(_ path: String) throws(CoreError) -> Int32 { calls.append("open \(path)"); return 10 }
        func attach(program: Int32, cgroup: Int32) throws(CoreError) {
            calls.append("attach \(program) to \(cgroup)")
            if failAttach { throw CoreError(stage: "bpf attach cgroup device program", errno: EPERM) }
        }
        func close(_ fd: Int32) { calls.append("close \(fd)") }
    }

    @Test func attachOpensLoadsAttachesAndClosesEverything() throws {
        let fake = RecordingBPF()
        try CgroupDeviceProgram.attach(rules: AppSecurity.cgroupDeviceRules,
                                       toCgroupDirectory: "/sys/fs/cgroup/cbench/app-x", system: fake)
        let count = CgroupDeviceProgram(rules: AppSecurity.cgroupDeviceRules).instructions.count
        #expect(fake.calls == ["open /sys/fs/cgroup/cbench/app-x", "load \(count)", "attach 11 to 10", "close 11", "close 10"])

        let failing = RecordingBPF()
        failing.failAttach = true
        #expect(throws: CoreError.self) {
            try CgroupDeviceProgram.attach(rules: [], toCgroupDirectory: "/x", system: failing)
        }
        #expect(failing.calls.suffix(2) == ["close 11", "close 10"])
    }

    @Test func theCgroupGetsTheProgramOnlyOnPureV2() throws {
        let options = try AppSecurityOptions()
        let (v2Host, v2FS) = FakeCgroupFS.sampleHost(.v2)
        let v2 = try Cgroup.create(path: "cbench/app-sec", resources: CgroupResources(devices: options.cgroupDeviceRules), host: v2Host)
        #expect(!v2.unsupportedOnThisMode.contains(.devices))
        #expect(v2FS.operations.contains(.attachDeviceProgram("/sys/fs/cgroup/cbench/app-sec", rules: options.cgroupDeviceRules.count)))

        let (hybridHost, hybridFS) = FakeCgroupFS.sampleHost(.hybrid)
        _ = try Cgroup.create(path: "cbench/app-sec", resources: CgroupResources(devices: options.cgroupDeviceRules), host: hybridHost)
        #expect(!hybridFS.operations.contains { if case .attachDeviceProgram = $0 { true } else { false } })
    }
}
