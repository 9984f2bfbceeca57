#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Testing
@testable import AppContainers

/// `--cap-add ALL` on a host whose bounding set lacks a capability (CAP_SYS_RESOURCE here):
/// podman's way, keep the rest and warn, instead of EPERM from capset.
@Suite struct SecurityHostCapabilityTests {
    let sysResource = Capability.number(named: "SYS_RESOURCE") ?? 24
    var hostSet: Set<UInt32> { Set(0...Capability.lastKnown).subtracting([sysResource]) }

    @Test func allKeepsWhatTheHostHasAndSaysWhatIsLeftOut() throws {
        let options = try AppSecurityOptions(capAdd: ["ALL"], hostBoundingSet: { hostSet })
        #expect(options.capabilities == hostSet)
        #expect(options.capabilitiesLeftOut == [sysResource])
        let warning = try #require(options.capabilityWarning)
        #expect(warning.contains("CAP_SYS_RESOURCE") && warning.contains("--cap-add ALL"))
        var spec = LaunchSpec(args: ["sh"])
        try options.apply(to: &spec, cache: nil)
        #expect(spec.capabilities?.bounding.contains(sysResource) == false)
    }

    @Test func privilegedIsLimitedTheSameWay() throws {
        let options = try AppSecurityOptions(privileged: true, hostBoundingSet: { hostSet })
        #expect(options.capabilities == hostSet)
        #expect(options.capabilityWarning?.contains("privileged") == true)
    }

    /// Asked for by name, a capability no container here can hold is a clear error.
    @Test func aNamedCapabilityTheHostLacksIsRefused() {
        #expect {
            try AppSecurityOptions(capAdd: ["sys_resource"], hostBoundingSet: { hostSet })
        } throws: { error in
            let text = "\(error)"
            return (error as? CoreError)?.errno == EPERM && text.contains("CAP_SYS_RESOURCE") && text.contains("bounding set")
        }
    }

    /// The defaults need no look at the host (and a host with every capability gets no warning).
    @Test func theDefaultsAndAFullHostNeedNoWarning() throws {
        let defaults = try AppSecurityOptions(hostBoundingSet: {
            Issue.record("the bounding set was read for the defaults")
            return []
        })
        #expect(defaults.capabilities == AppSecurity.defaultCapabilitySet)
        let full = try AppSecurityOptions(capAdd: ["ALL"], hostBoundingSet: { Set(0...Capability.lastKnown) })
        #expect(full.capabilityWarning == nil)
        #expect(try AppSecurityOptions(capAdd: ["NET_ADMIN"], hostBoundingSet: { hostSet }).capabilitiesLeftOut.isEmpty)
    }
}
