import Testing
import NamespaceCore
@testable import SystemContainers

/// What a default system container is given against a way out: no CAP_NET_RAW (ping through
/// datagram sockets instead), and when unprivileged Docker's masked paths, which `start` locks.
@Suite struct SystemHardeningDefaultsTests {
    let idmap = "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n"
    let netRaw = Capability.number(named: "NET_RAW") ?? 13
    let every = Set<UInt32>(0...40)

    func parse(_ text: String) throws -> LXCConfig {
        try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
    }

    func spec(_ text: String) throws -> LaunchSpec {
        try parse(text).launchSpec(name: "b", defaultRootfs: "/") { _ in nil }
    }

    @Test func theTemplatesDropNetRawAndAConfigCanKeepIt() throws {
        let template = SystemTemplate.busybox.config(name: "b", rootfs: "/")
        #expect(template.contains("lxc.cap.drop = mac_admin mac_override sys_time sys_module sys_rawio net_raw"))
        let config = try parse(template + idmap)
        let sets = try SystemSecurity.capabilities(drop: config.capDrop, keep: config.capKeep, available: every)
        #expect(!sets.effective.contains(netRaw) && !sets.bounding.contains(netRaw))
        #expect(sets.effective.contains(Capability.number(named: "NET_ADMIN") ?? 12))
        let dropsLess = try parse(template + idmap + "lxc.cap.drop =\nlxc.cap.drop = sys_module\n")
        #expect(try SystemSecurity.capabilities(drop: dropsLess.capDrop, keep: dropsLess.capKeep, available: every).effective.contains(netRaw))
        let keeps = try parse(template + idmap + "lxc.cap.keep = net_raw sys_admin\n")
        #expect(try SystemSecurity.capabilities(drop: keeps.capDrop, keep: keeps.capKeep, available: every).effective
                    == [netRaw, Capability.number(named: "SYS_ADMIN") ?? 21])
    }

    @Test func anUnprivilegedContainerIsMaskedAndMayPing() throws {
        let launch = try spec(SystemTemplate.busybox.config(name: "b", rootfs: "/") + idmap)
        #expect(launch.maskedPaths == KernelStatePaths.masked)
        #expect(launch.maskedPaths.contains("/proc/keys") && launch.maskedPaths.contains("/sys/firmware"))
        #expect(launch.sysctl == [LaunchSpec.pingGroupRangeKey: "0 65535"])
        #expect(launch.capabilities.map { !$0.effective.contains(netRaw) } == true)
    }

    @Test func aPrivilegedContainerKeepsItsViewAndTheHostNetworkItsSysctl() throws {
        let privileged = try spec(SystemTemplate.busybox.config(name: "b", rootfs: "/"))
        #expect(privileged.maskedPaths.isEmpty)
        #expect(privileged.sysctl == [LaunchSpec.pingGroupRangeKey: "0 2147483647"])
        let hostNetwork = try spec(SystemTemplate.busybox.config(name: "b", rootfs: "/").replacingOccurrences(
            of: "lxc.net.0.type = empty", with: "lxc.net.0.type = none") + idmap)
        #expect(hostNetwork.sysctl.isEmpty)
    }

    @Test func infoShowsTheCapabilitiesTheInitHolds() {
        var info = SystemContainerInfo(name: "b", state: .stopped, pid: nil, booted: false, template: nil, rootfs: "/r",
                                       cgroupPath: "cbench/system-b", stats: nil)
        info.capabilities = ["CAP_CHOWN", "CAP_KILL"]
        #expect(info.lines.contains("Capabilities: CAP_CHOWN CAP_KILL"))
        info.capabilities = []
        #expect(info.lines.contains("Capabilities: none"))
    }
}
