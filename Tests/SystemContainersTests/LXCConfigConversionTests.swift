import Testing
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import NamespaceCoreTesting
@testable import SystemContainers

@Suite struct LXCConfigConversionTests {
    func parse(_ text: String) throws -> LXCConfig {
        try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
    }

    @Test func cgroupSettingsFollowTheHostMode() throws {
        let config = try parse("""
            lxc.cgroup.memory.limit_in_bytes = 64M
            lxc.cgroup.pids.max = 50
            lxc.cgroup.cpu.shares = 512
            lxc.cgroup2.memory.max = 1G
            lxc.cgroup2.cpu.max = 50000 100000
            """)
        let v1 = try config.cgroupResources(for: .hybrid)
        #expect(v1.memoryLimit == 64 << 20)
        #expect(v1.pidsLimit == 50)
        #expect(v1.cpuShares == 512)
        let v2 = try config.cgroupResources(for: .v2)
        #expect(v2.memoryLimit == 1 << 30)
        #expect(v2.cpuQuota == 50000)
        #expect(v2.cpuPeriod == 100000)
        #expect(v2.pidsLimit == nil)
    }

    @Test func devicesDefaultToLXCAllowlist() throws {
        let resources = try parse("lxc.uts.name = a").cgroupResources(for: .v1)
        #expect(resources.devices.first == CgroupDeviceRule(allow: false))
        #expect(resources.devices.contains(CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 3)))
        let explicit = try parse("lxc.cgroup.devices.deny = a\nlxc.cgroup.devices.allow = c 136:* rwm").cgroupResources(for: .v1)
        #expect(explicit.devices == [CgroupDeviceRule(allow: false), CgroupDeviceRule(allow: true, kind: .char, major: 136, minor: nil)])
    }

    @Test func unsupportedCgroupFileNamesItsLine() throws {
        let config = try parse("lxc.uts.name = a\nlxc.cgroup.blkio.weight = 10")
        #expect(throws: CoreError.self) { try config.cgroupResources(for: .v1) }
        do { _ = try config.cgroupResources(for: .v1) } catch {
            #expect(error.stage.hasSuffix(":2"))
        }
    }

    @Test func capabilityDropAndKeep() throws {
        let all = Set(UInt32(0)...Capability.lastKnown)
        let dropped = try SystemSecurity.capabilities(drop: SystemSecurity.defaultCapabilityDrop, keep: [], available: all)
        for name in ["mac_admin", "mac_override", "sys_time", "sys_module", "sys_rawio"] {
            #expect(!dropped.bounding.contains(Capability.number(named: name) ?? 999))
        }
        #expect(dropped.bounding.contains(Capability.number(named: "sys_admin") ?? 999))
        #expect(dropped.effective == dropped.bounding && dropped.inheritable.isEmpty)
        let kept = try SystemSecurity.capabilities(drop: [], keep: ["chown", "kill"], available: all)
        #expect(kept.bounding == [0, 5])
    }

    /// LXC's denylist, run through a BPF interpreter (x86_64 numbers): each listed syscall
    /// fails with EPERM, umount2 fails with EACCES only with MNT_FORCE, the rest is allowed.
    @Test func seccompDenylistDecides() throws {
        let filter = SeccompInterpreter(try SystemSecurity.seccompProfile.compile())
        let denied: [UInt32] = [246, 304, 175, 313, 176]  // kexec_load, open_by_handle_at, init_module, finit_module, delete_module
        #expect(SystemSecurity.deniedSyscalls.count == denied.count)
        for number in denied {
            #expect(try filter.run(nr: number) == SeccompInterpreter.retErrno(EPERM), "syscall \(number)")
        }
        let umount2: UInt32 = 166
        #expect(try filter.run(nr: umount2, args: [0, UInt64(MNT_FORCE)]) == SeccompInterpreter.retErrno(EACCES))
        #expect(try filter.run(nr: umount2, args: [0, UInt64(MNT_FORCE | MNT_DETACH)]) == SeccompInterpreter.retErrno(EACCES))
        #expect(try filter.run(nr: umount2, args: [0, UInt64(MNT_DETACH)]) == SeccompInterpreter.retAllow)
        for allowed: UInt32 in [0, 1, 165, 59] {  // read, write, mount, execve
            #expect(try filter.run(nr: allowed) == SeccompInterpreter.retAllow, "syscall \(allowed)")
        }
    }

    /// A veth on one of the project's bridges gives the container a network namespace of its
    /// own (a bridge of another name is refused: SystemNetworkTests and SystemVethTests).
    @Test func vethOnAProjectBridgeGetsANetworkNamespace() throws {
        let own = try parse("lxc.net.0.type = veth\nlxc.net.0.link = cbenchbr0")
        #expect(try own.launchSpec(name: "a", defaultRootfs: "/") { _ in nil }.namespaces.contains { $0.kind == .network })
    }

    @Test func launchSpecOfTheBusyboxTemplate() throws {
        let config = try parse(SystemTemplate.busybox.config(name: "box", rootfs: "/"))
        let spec = try config.launchSpec(name: "box", defaultRootfs: "/") { _ in nil }
        #expect(spec.args == ["/sbin/init"])
        #expect(spec.hostname == "box")
        #expect(Set(spec.namespaces.map(\.kind)) == [.mount, .pid, .uts, .ipc, .cgroup, .network])
        #expect(spec.namespaces.allSatisfy { $0.path == nil })
        #expect(spec.newSession)
        #expect(spec.mounts.map(\.destination).starts(with: ["/proc", "/sys", "/sys/fs/cgroup", "/dev", "/dev/pts", "/dev/shm"]))
        #expect(spec.mounts.first { $0.destination == "/sys" }?.options.contains("ro") == true)
        #expect(spec.readonlyPaths.contains("/proc/sys"))
        #expect(spec.environment.contains("container=lxc"))
        #expect(spec.seccomp != nil)
        #expect(config.haltSignal == SIGPWR)
    }

    @Test func networkNoneSharesTheHostNamespace() throws {
        let config = try parse("lxc.net.0.type = none")
        #expect(config.sharesHostNetwork)
        let spec = try config.launchSpec(name: "a", defaultRootfs: "/") { _ in nil }
        #expect(!spec.namespaces.contains { $0.kind == .network })
        #expect(try parse("lxc.uts.name = a").sharesHostNetwork == false)
    }

    @Test func readinessLineGoesAfterTheLastSysinit() {
        let inittab = "::sysinit:/etc/init.d/rcS\n::respawn:/sbin/syslogd -n\n"
        let edited = SystemTemplate.addingReadinessLine(to: inittab)
        #expect(edited == "::sysinit:/etc/init.d/rcS\n::sysinit:/bin/touch /run/cbench-booted\n::respawn:/sbin/syslogd -n\n")
        #expect(SystemTemplate.addingReadinessLine(to: edited) == edited)
    }

    @Test func namesAreValidated() {
        #expect(throws: CoreError.self) { try SystemStore.validate(name: "../x") }
        #expect(throws: CoreError.self) { try SystemStore.validate(name: "") }
        #expect(throws: CoreError.self) { try SystemStore.validate(name: ".hidden") }
        #expect((try? SystemStore.validate(name: "web-1.test_a")) != nil)
    }
}
