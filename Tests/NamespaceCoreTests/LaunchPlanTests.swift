import CShim
import Testing
@testable import NamespaceCore

@Suite struct LaunchPlanTests {
    private func plan(_ spec: LaunchSpec, privileged: Bool = true) throws -> LaunchPlan {
        try LaunchPlan(spec, privileged: privileged, capLast: 40, overlayMountpoint: "/run/cbench/launcher/test")
    }

    private func strings(_ vector: UnsafePointer<UnsafePointer<CChar>?>?) -> [String] {
        guard let vector else { return [] }
        var result: [String] = []
        var index = 0
        while let item = vector[index] {
            result.append(String(cString: item))
            index += 1
        }
        return result
    }

    @Test func mountOptionsSplitIntoFlagsPropagationAndData() {
        let options = MountOptions.parse(["ro", "nosuid", "nodev", "rbind", "rprivate", "mode=755", "size=65536k"])
        #expect(options.flags == MountFlag.readOnly | MountFlag.noSuid | MountFlag.noDev)
        #expect(options.propagation == MountFlag.private | MountFlag.recursive)
        #expect(options.bind == 2)
        #expect(options.dataString == "mode=755,size=65536k")
        let later = MountOptions.parse(["ro", "rw", "noexec", "exec", "relatime", "strictatime", "bind", "slave"])
        #expect(later.flags == MountFlag.relAtime | MountFlag.strictAtime)
        #expect(later.propagation == MountFlag.slave)
        #expect(later.bind == 1)
        #expect(later.dataString == nil)
        #expect(options.recursiveSet == 0 && options.recursiveClear == 0)
    }

    /// OCI's recursive options become mount_setattr attributes, never file-system data; a later
    /// option of the same attribute wins, as for the plain flags.
    @Test func recursiveOptionsBecomeAttributesSetAndCleared() {
        let options = MountOptions.parse(["remount", "ro", "rro", "rnosuid", "rnodev", "rnoexec", "mode=755"])
        #expect(options.recursiveSet == MountAttribute.readOnly | MountAttribute.noSuid | MountAttribute.noDev | MountAttribute.noExec)
        #expect(options.recursiveClear == 0)
        #expect(options.flags == MountFlag.remount | MountFlag.readOnly)
        #expect(options.dataString == "mode=755")
        let later = MountOptions.parse(["rro", "rrw", "rexec", "rnosuid"])
        #expect(later.recursiveSet == MountAttribute.noSuid)
        #expect(later.recursiveClear == MountAttribute.readOnly | MountAttribute.noExec)
        #expect(later.flags == 0 && later.dataString == nil)
        #expect(["rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec", "rexec"].allSatisfy(MountOptions.knownOptions.contains))
    }

    @Test func namespacesBecomeFlagsAndOrderedJoins() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.mount, path: "/proc/1/ns/mnt"), .init(.network, path: "/proc/1/ns/net"),
                           .init(.pid), .init(.user, path: "/proc/1/ns/user"), .init(.uts), .init(.time)]
        let built = try plan(spec)
        #expect(built.createFlags == NamespaceKind.pid.cloneFlag | NamespaceKind.uts.cloneFlag | NamespaceKind.time.cloneFlag)
        #expect(built.joins.map(\.kind) == [.user, .network, .mount])
        #expect(built.raw.pointee.join_count == 3)
        let joins = try #require(built.raw.pointee.joins)
        #expect(String(cString: joins[0].path) == "/proc/1/ns/user")
        #expect(joins[0].nstype == 0x1000_0000)
        #expect(joins[0].fd == -1)
        built.setJoinDescriptor(0, fd: 42)
        #expect(joins[0].fd == 42)
        #expect(built.raw.pointee.in_user_namespace == 1)
    }

    @Test func duplicateNamespaceIsRefused() {
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.network), .init(.network, path: "/proc/1/ns/net")]
        let error = #expect(throws: CoreError.self) { try plan(spec) }
        #expect(error?.stage == "namespaces")
        #expect(error?.detail == "network listed twice")
    }

    @Test func mountsKeepOrderAndStrings() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.mount)]
        spec.rootfs = RootfsSpec(.directory("/nonexistent/cbench-root/"), readonly: true)
        spec.mounts = [
            MountSpec(destination: "/proc", type: "proc", source: "proc", options: ["nosuid"]),
            MountSpec(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["mode=755", "strictatime"]),
            MountSpec(destination: "/data", type: "bind", source: "/nonexistent/data", options: ["ro"]),
        ]
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let raw = built.raw.pointee
        #expect(raw.rootfs_kind == Int32(CSHIM_ROOTFS_DIRECTORY.rawValue))
        #expect(String(cString: try #require(raw.root_path)) == "/nonexistent/cbench-root")
        #expect(raw.rootfs_readonly == 1)
        #expect(raw.root_propagation == MountFlag.private | MountFlag.recursive)
        #expect(raw.mount_count == 3)
        let mounts = try #require(raw.mounts)
        #expect(String(cString: mounts[0].destination) == "/proc")
        #expect(String(cString: try #require(mounts[0].fstype)) == "proc")
        #expect(mounts[0].flags == MountFlag.noSuid)
        #expect(mounts[0].data == nil)
        #expect(String(cString: try #require(mounts[1].data)) == "mode=755")
        #expect(mounts[1].flags == MountFlag.strictAtime)
        // type "bind" means a bind even without the option; ro needs the remount the child does.
        #expect(mounts[2].bind == 1)
        #expect(mounts[2].fstype == nil)
        #expect(mounts[2].flags == MountFlag.readOnly)
        #expect((0..<3).allSatisfy { mounts[$0].recursive_set == 0 && mounts[$0].recursive_clear == 0 })
    }

    @Test func recursiveAttributesReachThePlan() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.mount)]
        spec.mounts = [MountSpec(destination: "/sys/fs/cgroup", type: "tmpfs", source: "tmpfs", options: ["remount", "ro", "rro", "rnoexec", "rsuid"])]
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let mounts = try #require(built.raw.pointee.mounts)
        #expect(mounts[0].recursive_set == MountAttribute.readOnly | MountAttribute.noExec)
        #expect(mounts[0].recursive_clear == MountAttribute.noSuid)
        #expect(mounts[0].data == nil)
    }

    @Test func overlayRootUsesTheMountpoint() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.mount)]
        spec.rootfs = RootfsSpec(.overlay(lower: ["/l1", "/l2"], upper: "/u", work: "/w"))
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let raw = built.raw.pointee
        #expect(raw.rootfs_kind == Int32(CSHIM_ROOTFS_OVERLAY.rawValue))
        #expect(String(cString: try #require(raw.overlay_data)) == "lowerdir=/l1:/l2,upperdir=/u,workdir=/w")
        #expect(String(cString: try #require(raw.root_path)) == "/run/cbench/launcher/test")
        #expect(raw.overlay_data_without_volatile == nil)
        spec.rootfs = RootfsSpec(.overlay(lower: ["/a,b"], upper: "/u", work: "/w"))
        #expect(throws: CoreError.self) { try plan(spec) }
    }

    @Test func volatileOverlayKeepsThePlainOptionsForOldKernels() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.mount)]
        spec.rootfs = RootfsSpec(.overlay(lower: ["/l"], upper: "/u", work: "/w"))
        spec.rootfs?.volatile = true
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let raw = built.raw.pointee
        #expect(String(cString: try #require(raw.overlay_data)) == "lowerdir=/l,upperdir=/u,workdir=/w,volatile")
        #expect(String(cString: try #require(raw.overlay_data_without_volatile)) == "lowerdir=/l,upperdir=/u,workdir=/w")
        spec.rootfs = RootfsSpec(.directory("/"))
        spec.rootfs?.volatile = true
        #expect(throws: CoreError.self) { try plan(spec) }
    }

    @Test func mountsWithoutMountNamespaceAreRefused() {
        var spec = LaunchSpec(args: ["true"])
        spec.mounts = [MountSpec(destination: "/proc", type: "proc", source: "proc")]
        #expect(throws: CoreError.self) { try plan(spec) }
        var named = LaunchSpec(args: ["true"])
        named.hostname = "x"
        #expect(throws: CoreError.self) { try plan(named) }
    }

    @Test func capabilitiesBecomeMasks() throws {
        var spec = LaunchSpec(args: ["true"])
        let caps = try Capability.parse(["CAP_CHOWN", "kill", "cap_net_admin"])
        spec.capabilities = CapabilitySets(bounding: caps, effective: [0], inheritable: [], permitted: caps, ambient: [])
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let raw = built.raw.pointee
        #expect(raw.has_capabilities == 1)
        #expect(raw.cap_bounding == 0x1021)
        #expect(raw.cap_effective == 0x1)
        #expect(raw.cap_permitted == 0x1021)
        #expect(raw.cap_last == 40)
        spec.capabilities = CapabilitySets(bounding: [41])
        let error = #expect(throws: CoreError.self) { try plan(spec) }
        #expect(error?.stage == "capabilities")
    }

    @Test func unknownCapabilityNameIsAnError() {
        let error = #expect(throws: CoreError.self) { try Capability.parse(["CAP_CHOWN", "CAP_FLY"]) }
        #expect(error?.detail == "unknown capability CAP_FLY")
    }

    @Test func rlimitsAreNamedAndChecked() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.rlimits = [RlimitSpec(type: "RLIMIT_NOFILE", soft: 1024, hard: 4096), RlimitSpec(type: "nproc", soft: 10, hard: 10)]
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let raw = built.raw.pointee
        #expect(raw.rlimit_count == 2)
        let limits = try #require(raw.rlimits)
        #expect(limits[0].resource == 7)
        #expect(limits[0].soft == 1024)
        #expect(String(cString: limits[1].name) == "RLIMIT_NPROC")
        spec.rlimits = [RlimitSpec(type: "RLIMIT_FLY", soft: 1, hard: 1)]
        let unknown = #expect(throws: CoreError.self) { try plan(spec) }
        #expect(unknown?.detail == "unknown rlimit RLIMIT_FLY")
        spec.rlimits = [RlimitSpec(type: "RLIMIT_CORE", soft: 2, hard: 1)]
        #expect(throws: CoreError.self) { try plan(spec) }
        spec.rlimits = [RlimitSpec(type: "RLIMIT_CORE", soft: 1, hard: 1), RlimitSpec(type: "core", soft: 1, hard: 1)]
        #expect(throws: CoreError.self) { try plan(spec) }
    }

    @Test func processFieldsAndPath() throws {
        var spec = LaunchSpec(args: ["sh", "-c", "echo hi"], environment: ["HOME=/root", "PATH=/bin:/usr/bin"])
        spec.workingDirectory = "/tmp"
        spec.preservedFDs = [7, 9]
        spec.stdio = .fds(stdin: 3, stdout: 4, stderr: 5)
        spec.user = UserSpec(uid: 1000, gid: 100, additionalGids: [10, 20], umask: 0o022)
        spec.sysctl = ["net.ipv4.ip_forward": "1", "kernel/msgmax": "8192"]
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let raw = built.raw.pointee
        #expect(strings(raw.argv) == ["sh", "-c", "echo hi"])
        #expect(strings(raw.envp) == ["HOME=/root", "PATH=/bin:/usr/bin"])
        #expect(String(cString: try #require(raw.path_env)) == "/bin:/usr/bin")
        #expect(String(cString: try #require(raw.cwd)) == "/tmp")
        #expect(raw.preserved_count == 2)
        #expect(raw.stdio.0 == 3 && raw.stdio.1 == 4 && raw.stdio.2 == 5)
        #expect(raw.uid == 1000 && raw.gid == 100 && raw.group_count == 2)
        #expect(raw.umask_value == 0o022)
        #expect(raw.start_gate_fd == -1)
        #expect(raw.set_groups == 1)
        let sysctls = try #require(raw.sysctls)
        #expect(String(cString: sysctls[0].path) == "/proc/sys/kernel/msgmax")
        #expect(String(cString: sysctls[1].path) == "/proc/sys/net/ipv4/ip_forward")
        #expect(throws: CoreError.self) { try LaunchPlan.sysctlPath("net/../../etc") }
    }

    @Test func unprivilegedUserNamespaceDeniesSetgroups() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.user)]
        let built = try plan(spec, privileged: false)
        #expect(!built.setGroupsAllowed)
        #expect(built.raw.pointee.set_groups == 0)
        spec.user.additionalGids = [5]
        #expect(throws: CoreError.self) { try plan(spec, privileged: false) }
    }

    @Test func specErrors() {
        #expect(throws: CoreError.self) { try plan(LaunchSpec(args: [])) }
        var relative = LaunchSpec(args: ["true"])
        relative.workingDirectory = "tmp"
        #expect(throws: CoreError.self) { try plan(relative) }
        var seccomp = LaunchSpec(args: ["true"])
        seccomp.seccomp = SeccompProgram(bytes: [1, 2, 3])
        #expect(throws: CoreError.self) { try plan(seccomp) }
    }

    @Test func seccompProgramIsCopied() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.seccomp = SeccompProgram(bytes: [0x06, 0, 0, 0, 0, 0, 0xff, 0x7f], flags: 2)
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let raw = built.raw.pointee
        #expect(raw.has_seccomp == 1)
        #expect(raw.seccomp_length == 1)
        #expect(raw.seccomp_flags == 2)
        let bytes = try #require(raw.seccomp_filter).assumingMemoryBound(to: UInt8.self)
        #expect(bytes[6] == 0xff && bytes[7] == 0x7f)
    }

    @Test func deviceNumbersUseTheGlibcEncoding() throws {
        #expect(LaunchPlan.makedev(major: 1, minor: 3) == 0x103)
        // major 259, minor 300: minor low byte 0x2c, major 0x103 << 8, minor high bits 0x100 << 12.
        #expect(LaunchPlan.makedev(major: 259, minor: 300) == 0x11_032c)
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.mount)]
        spec.devices = [DeviceNode(path: "/dev/fuse", kind: .char, major: 10, minor: 229, mode: 0o666)]
        let built = try plan(spec)
        defer { withExtendedLifetime(built) {} }
        let device = try #require(built.raw.pointee.devices)[0]
        #expect(device.mode == 0o020666)
        #expect(device.rdev == 0xae5)
    }
}

/// The lock stage's plan: only for a new user, mount and pid namespace with nothing joined.
@Suite struct LaunchPlanLockStageTests {
    private func spec(_ kinds: [NamespaceKind]) -> LaunchSpec {
        var spec = LaunchSpec(args: ["/sbin/init"])
        spec.namespaces = kinds.map { NamespaceSpec($0) }
        spec.uidMappings = [IDMapping(containerID: 0, hostID: 100000, size: 65536)]
        spec.gidMappings = spec.uidMappings
        spec.rootfs = RootfsSpec(.directory("/r"))
        spec.maskedPaths = KernelStatePaths.masked
        spec.lockingStage = "/run/cbench/system/c/lock-stage"
        return spec
    }

    @Test func theStageReachesThePlan() throws {
        let plan = try LaunchPlan(spec([.user, .mount, .pid, .network, .uts, .ipc]), capLast: 40)
        #expect(plan.raw.pointee.lock_stage.map { String(cString: $0) } == "/run/cbench/system/c/lock-stage")
        var without = spec([.user, .mount, .pid])
        without.lockingStage = nil
        #expect(try LaunchPlan(without, capLast: 40).raw.pointee.lock_stage == nil)
    }

    @Test func aStageNeedsNewUserMountAndPidNamespaces() {
        // Without a mount namespace the root alone is refused first (mountsWithoutMountNamespaceAreRefused).
        #expect(throws: CoreError.self) { try LaunchPlan(spec([.user, .pid]), capLast: 40) }
        for kinds: [NamespaceKind] in [[.mount, .pid], [.user, .mount]] {
            let error = #expect(throws: CoreError.self) { try LaunchPlan(spec(kinds), capLast: 40) }
            #expect(error?.description.contains("a locking stage needs new user, mount and pid namespaces") == true,
                    "\(String(describing: error))")
        }
        var joins = spec([.user, .mount, .pid])
        joins.namespaces.append(NamespaceSpec(.network, path: "/proc/1/ns/net"))
        #expect(throws: CoreError.self) { try LaunchPlan(joins, capLast: 40) }
        var relative = spec([.user, .mount, .pid])
        relative.lockingStage = "stage"
        #expect(throws: CoreError.self) { try LaunchPlan(relative, capLast: 40) }
    }
}
