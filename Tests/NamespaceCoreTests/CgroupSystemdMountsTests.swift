import NamespaceCore
import NamespaceCoreTesting
import Testing

/// The cgroup mounts of a container whose init is systemd (`Cgroup.systemdContainerMounts`,
/// chosen by the marker option in `expandingCgroupMounts`): on v1 and hybrid hosts only the
/// hierarchies systemd keeps its units in are writable, on v2 the container's one directory.
@Suite struct CgroupSystemdMountsTests {
    static let marker = MountSpec(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
                                  options: ["nosuid", "noexec", "nodev", LaunchSpec.systemdCgroupMountOption])

    func expanded(_ mode: CgroupMode, marker: MountSpec = marker) throws -> [MountSpec] {
        let (host, _) = FakeCgroupFS.sampleHost(mode)
        let cgroup = try Cgroup.create(path: "cbench/app-1", host: host)
        var spec = LaunchSpec(args: ["/sbin/init"])
        spec.mounts = [marker]
        return spec.expandingCgroupMounts(for: cgroup).mounts
    }

    /// Binds neither read-only themselves nor below a closing remount with `rro`.
    func writable(_ mounts: [MountSpec]) -> [String] {
        let lockedDown = mounts.filter { $0.options.contains("remount") && $0.options.contains("rro") }.map { $0.destination + "/" }
        return mounts.filter { mount in
            mount.type == "bind" && !mount.options.contains("ro") && !lockedDown.contains { mount.destination.hasPrefix($0) }
        }.map(\.destination)
    }

    @Test func onAHybridHostNameSystemdAndTheCgroup2TreeAreWritableAndTheControllersReadOnly() throws {
        let mounts = try expanded(.hybrid)
        #expect(writable(mounts).sorted() == ["/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified"])
        let readOnly = mounts.filter { $0.type == "bind" && $0.options.contains("ro") }.map(\.destination)
        #expect(readOnly.contains("/sys/fs/cgroup/memory") && readOnly.contains("/sys/fs/cgroup/pids"))
        #expect(mounts.first?.type == "tmpfs" && mounts.last?.options.contains("remount") == true && mounts.last?.options.contains("ro") == true)
        #expect(mounts.allSatisfy { !$0.options.contains(LaunchSpec.systemdCgroupMountOption) }, "the marker never reaches mount(2)")
        let systemd = try #require(mounts.first { $0.destination == "/sys/fs/cgroup/systemd" })
        #expect(systemd.source.hasSuffix("/sys/fs/cgroup/systemd/cbench/app-1"))
    }

    @Test func onAV1HostOnlyNameSystemdIsWritable() throws {
        #expect(writable(try expanded(.v1)) == ["/sys/fs/cgroup/systemd"])
    }

    @Test func onV2TheContainersDirectoryIsWritable() throws {
        let mounts = try expanded(.v2)
        #expect(mounts.count == 1)
        #expect(writable(mounts) == ["/sys/fs/cgroup"])
        #expect(mounts.first?.source.hasSuffix("/cbench/app-1") == true)
    }

    @Test func anUnmarkedReadOnlyMountStaysReadOnlyEverywhere() throws {
        let plain = MountSpec(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "ro"])
        #expect(writable(try expanded(.hybrid, marker: plain)).isEmpty)
        #expect(writable(try expanded(.v2, marker: plain)).isEmpty)
    }

    /// Every bind read-only: plain binds, and the closing remount makes the tmpfs and all of
    /// them read-only, nosuid, nodev and noexec recursively (one mount_setattr, not one
    /// remount per bind). A systemd init's mixed layout keeps its per-bind options.
    @Test func anAllReadOnlyLayoutIsLockedDownByTheClosingRemount() throws {
        let plain = MountSpec(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "ro"])
        for mode in [CgroupMode.hybrid, .v1] {
            let mounts = try expanded(mode, marker: plain)
            let binds = mounts.filter { $0.type == "bind" }
            #expect(!binds.isEmpty && binds.allSatisfy { $0.options == ["rbind"] })
            let closing = try #require(mounts.last)
            #expect(closing.destination == "/sys/fs/cgroup" && closing.type == "tmpfs")
            #expect(["remount", "ro", "nosuid", "nodev", "noexec"].allSatisfy(closing.options.contains))
            #expect(Cgroup.recursiveLockDown.allSatisfy(closing.options.contains))
            let options = MountOptions.parse(closing.options)
            #expect(options.recursiveSet == MountAttribute.readOnly | MountAttribute.noSuid | MountAttribute.noDev | MountAttribute.noExec)
        }
        let systemd = try expanded(.hybrid)
        #expect(systemd.allSatisfy { !$0.options.contains("rro") })
        #expect(systemd.filter { $0.type == "bind" }.allSatisfy { $0.options.contains("nosuid") && $0.options.contains("noexec") })
        let writableTree = MountSpec(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid"])
        let open = try expanded(.hybrid, marker: writableTree)
        #expect(open.allSatisfy { !$0.options.contains("remount") }, "no closing remount without ro")
        #expect(open.filter { $0.type == "bind" }.allSatisfy { $0.options == ["rbind", "nosuid", "nodev", "noexec"] })
    }

    @Test func whichHierarchiesSystemdWritesIn() {
        #expect(Cgroup.systemdWrites(in: CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/systemd", controllers: ["name=systemd"])))
        #expect(Cgroup.systemdWrites(in: CgroupHierarchy(version: .v2, mountPoint: "/sys/fs/cgroup/unified", controllers: [])))
        #expect(!Cgroup.systemdWrites(in: CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/memory", controllers: ["memory"])))
        #expect(!Cgroup.systemdWrites(in: CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/odd", controllers: [])))
    }
}
