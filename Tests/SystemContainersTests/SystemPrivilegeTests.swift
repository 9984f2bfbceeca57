import Testing
import NamespaceCore
@testable import SystemContainers

/// New containers are unprivileged (root's subordinate ids), privileged only when asked, and a
/// privileged one is named as root on the host.
@Suite struct SystemPrivilegeTests {
    func parse(_ text: String) throws -> LXCConfig {
        try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
    }

    @Test func rootsSubordinateRangesBecomeTheIdmapLines() throws {
        let files = ["/etc/subuid": "alice:200000:65536\nroot:100000:65536\n", "/etc/subgid": "0:300000:1000\n"]
        let ids = try SubordinateIDs.ofRoot { files[$0] }
        #expect(ids == SubordinateIDs(uids: IDMapping(containerID: 0, hostID: 100000, size: 65536),
                                      gids: IDMapping(containerID: 0, hostID: 300000, size: 1000)))
        let config = try parse(SystemTemplate.busybox.config(name: "b", rootfs: "/r") + ids.configLines)
        #expect(config.isUnprivileged)
        #expect(config.rootOwner == SystemRootOwner(uid: 100000, gid: 300000))
        #expect(try !parse(SystemTemplate.busybox.config(name: "b", rootfs: "/r") + SubordinateIDs.privilegedConfigLines).isUnprivileged)
    }

    @Test func noSubordinateRangeNamesTheFix() {
        let error = #expect(throws: CoreError.self) { try SubordinateIDs.ofRoot { $0 == "/etc/subuid" ? "alice:1:2\nroot:x:1\n" : nil } }
        #expect(error?.description.contains("run make setup") == true && error?.description.contains("--privileged") == true,
                "\(String(describing: error))")
    }

    @Test func anEmptyIdmapClearsTheTemplatesAndOverlapsAreRefused() throws {
        let template = SystemTemplate.busybox.config(name: "b", rootfs: "/") + "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n"
        #expect(try !parse(template + "lxc.idmap =\n").isUnprivileged)
        let error = #expect(throws: CoreError.self) {
            try parse(template + "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n").launchSpec(name: "b", defaultRootfs: "/") { _ in nil }
        }
        #expect(error?.description.contains("overlap at container id 0") == true, "\(String(describing: error))")
        #expect(try parse(template + "lxc.idmap = u 65536 300000 10\nlxc.idmap = g 65536 300000 10\n")
            .launchSpec(name: "b", defaultRootfs: "/") { _ in nil }.uidMappings.count == 2)
    }

    @Test func thePrivilegedWarningSaysWhatConfinesIt() {
        #expect(HostSecurityModules.active(lsmList: "lockdown,capability,landlock,yama,apparmor\n") == ["apparmor"])
        #expect(HostSecurityModules.active(lsmList: "capability,landlock") == [])
        let bare = SystemSecurity.privilegedWarning(name: "web", activeModules: [])
        #expect(bare.hasPrefix("warning: web is privileged: root inside is root on the host (this host has no LSM"))
        #expect(bare.contains("kernel.core_pattern"))
        #expect(SystemSecurity.privilegedWarning(name: "web", activeModules: ["apparmor"]).contains("cbench loads no apparmor profile"))
    }
}
