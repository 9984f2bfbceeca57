import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct SecurityDockerProfileTests {
    static let sample = """
    {
      "defaultAction": "SCMP_ACT_ERRNO",
      "defaultErrnoRet": 1,
      "archMap": [
        {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
        {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}
      ],
      "syscalls": [
        {"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
        {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
        {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"]},
         "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
        {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
        {"names": ["s390_pci_mmio_read"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["s390x"]}},
        {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
        {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}
      ]
    }
    """

    private func parse(_ text: String, caps: Set<UInt32> = AppSecurity.defaultCapabilitySet,
                       kernel: (Int, Int)? = (6, 18)) throws -> SeccompProfile {
        try DockerSeccompProfile.parse(Data(text.utf8), source: "profile.json", capabilities: caps, kernelVersion: kernel)
    }

    @Test func resolvesForThisHostAndCapabilities() throws {
        let profile = try parse(Self.sample)
        #expect(profile.defaultAction == .errno(1))
        #expect(profile.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        let names = profile.rules.flatMap(\.syscalls)
        #expect(names == ["read", "write", "exit_group", "personality", "clone", "arch_prctl", "ptrace", "clone3"])
        #expect(profile.rules[1].conditions == [SeccompCondition(index: 0, value: 8, op: .equal)])
        #expect(profile.rules[2].conditions.first?.op == .maskedEqual)
        #expect(profile.rules.last?.action == .errno(38))
        _ = try profile.compile()

        let admin = try parse(Self.sample, caps: [try #require(Capability.number(named: "SYS_ADMIN"))], kernel: (4, 4))
        let adminNames = admin.rules.flatMap(\.syscalls)
        #expect(adminNames.contains("mount") && !adminNames.contains("clone") && !adminNames.contains("ptrace"))
    }

    @Test func plainArchitecturesAndOldSingleName() throws {
        let profile = try parse("""
        {"defaultAction": "SCMP_ACT_KILL_PROCESS", "architectures": ["SCMP_ARCH_X86_64"],
         "flags": ["SECCOMP_FILTER_FLAG_LOG"], "syscalls": [{"name": "getpid", "action": "SCMP_ACT_ALLOW"}]}
        """)
        #expect(profile.defaultAction == .killProcess)
        #expect(profile.architectures == ["SCMP_ARCH_X86_64"])
        #expect(profile.flags == [.log])
        #expect(profile.rules == [SeccompRule(syscalls: ["getpid"], action: .allow)])
    }

    @Test(arguments: [
        ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [", "not valid JSON"),
        ("{\"syscalls\": []}", "defaultAction: required key is missing"),
        ("{\"defaultAction\": \"SCMP_ACT_MAYBE\"}", "defaultAction: 'SCMP_ACT_MAYBE'"),
        ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"ALLOW\"}]}", "syscalls[0].action"),
        ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": \"read\", \"action\": \"SCMP_ACT_ALLOW\"}]}", "syscalls[0].names"),
        ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]}", "syscalls[0]: has neither"),
        ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"EQ\"}]}]}", "syscalls[0].args[0].op"),
        ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 7, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}", "syscalls[0].args[0].index"),
        ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"new\"}}]}", "syscalls[0].includes.minKernel"),
        ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": [\"SECCOMP_FILTER_FLAG_NOPE\"]}", "flags[0]"),
    ])
    func badFilesAreOneLineErrorsNamingFileAndKey(text: String, expected: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            let message = "\(error)"
            return message.contains("profile.json") && message.contains(expected) && !message.contains("\n")
        }
    }

    @Test func missingFileNamesIt() {
        #expect {
            _ = try DockerSeccompProfile.load(path: "/nonexistent/apptest-profile.json", capabilities: [])
        } throws: { "\($0)".contains("/nonexistent/apptest-profile.json") }
    }
}
