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

    func writable(_ mounts: [MountSpec]) -> [String] {
        mounts.filter { $0.type == "bind" && !$0.options.contains("ro") }.map(\.destination)
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

    @Test func whichHierarchiesSystemdWritesIn() {
        #expect(Cgroup.systemdWrites(in: CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/systemd", controllers: ["name=systemd"])))
        #expect(Cgroup.systemdWrites(in: CgroupHierarchy(version: .v2, mountPoint: "/sys/fs/cgroup/unified", controllers: [])))
        #expect(!Cgroup.systemdWrites(in: CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/memory", controllers: ["memory"])))
        #expect(!Cgroup.systemdWrites(in: CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/odd", controllers: [])))
    }
}
