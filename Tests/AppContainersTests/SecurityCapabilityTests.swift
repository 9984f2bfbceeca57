import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct SecurityCapabilityTests {
    private func names(_ set: Set<UInt32>) -> Set<String> { Set(set.map { Capability.name(of: $0) }) }

    @Test func defaultsAreDockersFourteenWithoutNetRaw() {
        let sets = AppSecurity.defaultCapabilities
        #expect(sets.bounding.count == 13)
        #expect(!names(sets.bounding).contains("CAP_NET_RAW"))
        #expect(sets.effective == sets.bounding && sets.permitted == sets.bounding)
        #expect(sets.inheritable.isEmpty && sets.ambient.isEmpty)
        #expect(names(sets.bounding) == Set(AppSecurity.defaultCapabilityNames))
        #expect(!names(sets.bounding).contains("CAP_SYS_ADMIN"))
        #expect(!names(sets.bounding).contains("CAP_NET_ADMIN"))
    }

    @Test func addAndDropAcceptAnySpelling() throws {
        let result = names(try AppSecurity.resolveCapabilities(add: ["net_admin", "CAP_SYS_PTRACE"], drop: ["Chown", "cap_kill"]))
        #expect(result.contains("CAP_NET_ADMIN") && result.contains("CAP_SYS_PTRACE"))
        #expect(!result.contains("CAP_CHOWN") && !result.contains("CAP_KILL"))
        #expect(result.count == 13)
    }

    @Test func capAddNetRawGivesRawSocketsBack() throws {
        let options = try AppSecurityOptions(capAdd: ["NET_RAW"], hostBoundingSet: { Set(0...40) })
        #expect(names(options.capabilities) == Set(AppSecurity.defaultCapabilityNames + ["CAP_NET_RAW"]))
        var spec = LaunchSpec(args: ["/bin/sh"])
        try options.apply(to: &spec, cache: nil)
        #expect(spec.capabilities.map { names($0.effective).contains("CAP_NET_RAW") } == true)
    }

    @Test func anOwnNetworkGetsThePingSysctlTheHostsDoesNot() {
        var spec = LaunchSpec(args: ["/bin/sh"])
        spec.namespaces = [.init(.mount), .init(.pid), .init(.network)]
        spec.rootfs = RootfsSpec(.directory("/r"))
        spec.mounts = AppSecurity.defaultMounts
        var own = spec
        AppRuntime.applyNetworkMode(.none, to: &own)
        #expect(own.sysctl == [LaunchSpec.pingGroupRangeKey: "0 2147483647"])
        var host = spec
        AppRuntime.applyNetworkMode(.host, to: &host)
        #expect(host.sysctl.isEmpty && !host.namespaces.contains { $0.kind == .network })
        var remapped = spec
        remapped.namespaces.insert(.init(.user), at: 0)
        remapped.gidMappings = [IDMapping(containerID: 0, hostID: AppUserNamespace.hostID, size: AppUserNamespace.size)]
        AppRuntime.applyNetworkMode(.networks(["front"]), to: &remapped)
        #expect(remapped.sysctl == [LaunchSpec.pingGroupRangeKey: "0 \(AppUserNamespace.size - 1)"])
    }

    @Test func allForms() throws {
        #expect(try AppSecurity.resolveCapabilities(add: ["ALL"], drop: []).count == Int(Capability.lastKnown) + 1)
        let allButAdmin = names(try AppSecurity.resolveCapabilities(add: ["all"], drop: ["SYS_ADMIN"]))
        #expect(!allButAdmin.contains("CAP_SYS_ADMIN") && allButAdmin.contains("CAP_SYS_MODULE"))
        #expect(names(try AppSecurity.resolveCapabilities(add: ["CHOWN"], drop: ["ALL"])) == ["CAP_CHOWN"])
        #expect(try AppSecurity.resolveCapabilities(add: [], drop: ["ALL"]).isEmpty)
    }

    @Test func unknownNameIsOneLineError() {
        #expect {
            _ = try AppSecurityOptions(capAdd: ["CAP_NOT_A_CAP"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("--cap-add") && text.contains("CAP_NOT_A_CAP") && !text.contains("\n")
        }
        #expect(throws: CoreError.self) { _ = try AppSecurity.resolveCapabilities(add: [], drop: ["bogus"]) }
    }

    @Test func privilegedGetsEverything() throws {
        let options = try AppSecurityOptions(privileged: true, hostBoundingSet: { Set(0...Capability.lastKnown) })
        #expect(options.capabilities.count == Int(Capability.lastKnown) + 1)
        #expect(try options.seccompProfile() == nil)
        #expect(options.cgroupDeviceRules == AppSecurity.privilegedCgroupDeviceRules)
    }

    @Test func securityOptParsing() throws {
        var options = try AppSecurityOptions()
        try options.applySecurityOpt("seccomp=unconfined")
        #expect(options.seccomp == .unconfined)
        try options.applySecurityOpt("seccomp=/etc/profile.json")
        #expect(options.seccomp == .file("/etc/profile.json"))
        try options.applySecurityOpt("no-new-privileges")
        #expect(options.noNewPrivileges)
        try options.applySecurityOpt("no-new-privileges:false")
        #expect(!options.noNewPrivileges)
        #expect(throws: CoreError.self) { try options.applySecurityOpt("apparmor=unconfined") }
    }
}
