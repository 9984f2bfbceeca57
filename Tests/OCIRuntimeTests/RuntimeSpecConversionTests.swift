import Testing
import Glibc
import NamespaceCore
@testable import OCIRuntime

@Suite struct RuntimeSpecConversionTests {
    private let bundle = "/srv/cbench-bundle"

    private func everyField() throws -> RuntimeSpec {
        try RuntimeSpec.decode(Array(SpecFixtures.everyField.utf8))
    }

    @Test func processFields() throws {
        let launch = try everyField().launchSpec(bundle: bundle)
        #expect(launch.args == ["/bin/app", "--serve"])
        #expect(launch.environment == ["PATH=/bin", "MODE=test"])
        #expect(launch.workingDirectory == "/work")
        #expect(launch.user == UserSpec(uid: 1000, gid: 1000, additionalGids: [5, 6], umask: 18))
        #expect(launch.noNewPrivileges)
        #expect(launch.oomScoreAdj == -500)
        #expect(launch.hostname == "box")
        #expect(launch.domainname == "example.test")
        #expect(launch.sysctl == ["net.ipv4.ip_forward": "1"])
        #expect(launch.maskedPaths == ["/proc/kcore"])
        #expect(launch.readonlyPaths == ["/proc/sys"])
    }

    @Test func capabilitiesBecomeNumbers() throws {
        let caps = try #require(try everyField().launchSpec(bundle: bundle).capabilities)
        // CAP_CHOWN 0, CAP_KILL 5, CAP_NET_RAW 13 (linux/capability.h).
        #expect(caps.bounding == [0, 5, 13])
        #expect(caps.effective == [5])
        #expect(caps.inheritable == [0])
        #expect(caps.permitted == [5, 13])
        #expect(caps.ambient == [13])
        #expect(Capability.names.firstIndex(of: "CAP_CHECKPOINT_RESTORE") == 40)
    }

    @Test func noCapabilitiesKeepsTheCallers() throws {
        var spec = RuntimeSpec.defaultSpec()
        spec.process?.capabilities = nil
        #expect(try spec.launchSpec(bundle: bundle).capabilities == nil)
    }

    @Test func rlimits() throws {
        let launch = try everyField().launchSpec(bundle: bundle)
        #expect(launch.rlimits == [RlimitSpec(type: "RLIMIT_NOFILE", soft: 1024, hard: 4096),
                                   RlimitSpec(type: "RLIMIT_NPROC", soft: 512, hard: 512)])
    }

    @Test func rootResolvedAgainstTheBundle() throws {
        var spec = try everyField()
        var launch = try spec.launchSpec(bundle: bundle)
        #expect(launch.rootfs == RootfsSpec(.directory("/srv/cbench-bundle/rootfs"), readonly: false, propagation: .rslave))
        spec.root = RuntimeSpec.Root(path: "/var/lib/cbench/rootfs/busybox", readonly: true)
        spec.linux?.rootfsPropagation = nil
        launch = try spec.launchSpec(bundle: bundle)
        #expect(launch.rootfs == RootfsSpec(.directory("/var/lib/cbench/rootfs/busybox"), readonly: true, propagation: .rprivate))
        #expect(spec.rootPath(bundle: "/b/") == "/var/lib/cbench/rootfs/busybox")
        spec.root = RuntimeSpec.Root(path: "./rootfs")
        #expect(spec.rootPath(bundle: "/b/") == "/b/rootfs")
    }

    @Test func relativeBundleUsesTheWorkingDirectory() throws {
        var buffer = [CChar](repeating: 0, count: 4096)
        let cwd = String(cString: try #require(getcwd(&buffer, buffer.count)))
        let expected = cwd == "/" ? "/bundle/rootfs" : "\(cwd)/bundle/rootfs"
        #expect(RuntimeSpec.defaultSpec().rootPath(bundle: "bundle") == expected)
    }

    @Test func mounts() throws {
        let launch = try everyField().launchSpec(bundle: bundle)
        #expect(launch.mounts == [
            MountSpec(destination: "/proc", type: "proc", source: "proc"),
            // A bind source relative to the bundle is resolved; the type becomes bind.
            MountSpec(destination: "/data", type: "bind", source: "/srv/cbench-bundle/data", options: ["rbind", "ro"]),
            // type bind without a bind option gets one, as runc reads it.
            MountSpec(destination: "/etc/hosts", type: "bind", source: "/etc/hosts", options: ["bind", "ro"]),
            MountSpec(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "mode=755"]),
        ])
        #expect(launch.populateDev)
    }

    @Test func relativeDestinationIsTakenFromTheRoot() throws {
        var spec = RuntimeSpec.defaultSpec()
        spec.mounts = [RuntimeSpec.Mount(destination: "run", type: "tmpfs", source: "tmpfs")]
        #expect(try spec.launchSpec(bundle: bundle).mounts == [MountSpec(destination: "/run", type: "tmpfs", source: "tmpfs")])
    }

    @Test func devIsPopulatedOnlyWhenTmpfs() throws {
        var spec = RuntimeSpec.defaultSpec()
        #expect(try spec.launchSpec(bundle: bundle).populateDev)
        spec.mounts = spec.mounts?.map { mount in
            mount.destination == "/dev" ? RuntimeSpec.Mount(destination: "/dev", type: "bind", source: "/dev", options: ["rbind"]) : mount
        }
        #expect(try spec.launchSpec(bundle: bundle).populateDev == false)
        spec.mounts = []
        #expect(try spec.launchSpec(bundle: bundle).populateDev == false)
    }

    @Test func namespacesAndMappings() throws {
        let launch = try everyField().launchSpec(bundle: bundle)
        #expect(launch.namespaces == [
            NamespaceSpec(.user), NamespaceSpec(.pid), NamespaceSpec(.mount), NamespaceSpec(.uts), NamespaceSpec(.ipc),
            NamespaceSpec(.network, path: "/run/netns/cbench-x"),
        ])
        #expect(launch.uidMappings == [IDMapping(containerID: 0, hostID: 100000, size: 65536)])
        #expect(launch.gidMappings == [IDMapping(containerID: 0, hostID: 200000, size: 1000)])
    }

    @Test func devices() throws {
        let launch = try everyField().launchSpec(bundle: bundle)
        #expect(launch.devices == [DeviceNode(path: "/dev/fuse", kind: .char, major: 10, minor: 229, mode: 0o666)])
    }

    @Test func resources() throws {
        let resources = try everyField().cgroupResources()
        #expect(resources == CgroupResources(
            memoryLimit: 268435456, memoryReservation: 134217728, memorySwapLimit: -1, pidsLimit: 64,
            cpuShares: 512, cpuQuota: 50000, cpuPeriod: 100000, cpusetCpus: "0-1", cpusetMems: "0",
            devices: [CgroupDeviceRule(allow: false, kind: .all, access: "rwm"),
                      CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 3, access: "rwm")]
                + CgroupDeviceRule.standardContainerDevices
                + [CgroupDeviceRule(allow: true, kind: .char, major: 10, minor: 229)],
            blkioWeight: 10))
        var spec = RuntimeSpec.defaultSpec()
        spec.linux?.resources = nil
        #expect(try spec.cgroupResources() == CgroupResources(devices: CgroupDeviceRule.standardContainerDevices))
    }

    @Test func seccompIsCompiled() throws {
        let spec = try everyField()
        let profile = try #require(try spec.seccompProfile())
        #expect(profile.defaultAction == .errno(1))
        #expect(profile.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"])
        #expect(profile.flags == [.log])
        #expect(profile.rules[1].conditions == [SeccompCondition(index: 0, value: 8, valueTwo: 0, op: .equal)])
        #expect(profile.rules[2].action == .errno(13))
        let program = try #require(try spec.launchSpec(bundle: bundle).seccomp)
        #expect(program.instructionCount > 0)
        #expect(program.flags == 2)
        #expect(Array(program.bytes.prefix(8)) == [0x20, 0, 0, 0, 4, 0, 0, 0])
        #expect(try RuntimeSpec.defaultSpec().launchSpec(bundle: bundle).seccomp == nil)
    }

    @Test func unknownSeccompActionFailsConversion() throws {
        var spec = RuntimeSpec.defaultSpec()
        spec.linux?.seccomp = RuntimeSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            RuntimeSpec.Syscall(names: ["mkdir"], action: "SCMP_ACT_SOMETIMES"),
        ])
        let message = coreErrorText { try spec.launchSpec(bundle: bundle) } ?? ""
        #expect(message.hasPrefix("seccomp action: 'SCMP_ACT_SOMETIMES' is not one of SCMP_ACT_KILL"))
    }

    @Test func terminalMakesANewSessionWithAControllingTerminal() throws {
        var spec = RuntimeSpec.defaultSpec()
        spec.process?.terminal = true
        let launch = try spec.launchSpec(bundle: bundle)
        #expect(launch.newSession && launch.controllingTerminal)
        spec.process?.terminal = false
        #expect(try !spec.launchSpec(bundle: bundle).controllingTerminal)
    }

    @Test func defaultSpecConverts() throws {
        let launch = try RuntimeSpec.defaultSpec().launchSpec(bundle: bundle)
        #expect(launch.args == ["sh"])
        #expect(launch.namespaces.map(\.kind) == [.pid, .network, .ipc, .uts, .mount])
        #expect(launch.capabilities?.bounding == [29, 5, 10])
        #expect(launch.rlimits == [RlimitSpec(type: "RLIMIT_NOFILE", soft: 1024, hard: 1024)])
        #expect(launch.rootfs?.readonly == true)
        #expect(launch.mounts.count == 7)
    }
}
