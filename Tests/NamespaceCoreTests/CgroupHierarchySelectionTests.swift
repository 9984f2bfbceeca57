import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// `.limitedToResources` (application containers) makes the cgroup in the hierarchies the
/// container is accounted, scheduled, confined and frozen in, and in cpuset or hugetlb only
/// when its resources set limits there; `.everyUsed` (the default) keeps runc's layout.
@Suite struct CgroupHierarchySelectionTests {
    static let path = "cbench/app-1"

    static func v1Names(_ cgroup: Cgroup) -> [String] {
        cgroup.directories.filter { $0.hierarchy.version == .v1 }.map { String($0.hierarchy.mountPoint.split(separator: "/").last ?? "") }.sorted()
    }

    @Test func withoutLimitsCpusetAndNameSystemdAreLeftOut() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid, joinedCpu: false)
        let cgroup = try Cgroup.create(path: Self.path, host: host, hierarchies: .limitedToResources)
        #expect(Self.v1Names(cgroup) == ["blkio", "cpu", "cpuacct", "devices", "freezer", "memory", "pids"])
        #expect(cgroup.unifiedDirectory?.path == "/sys/fs/cgroup/unified/cbench/app-1", "the hybrid tree still tracks it")
        #expect(!fs.isDirectory("/sys/fs/cgroup/cpuset/cbench"), "not even the project parent")
        #expect(!fs.isDirectory("/sys/fs/cgroup/systemd/cbench"))
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuset/cbench/cpuset.cpus").isEmpty)
        #expect(!cgroup.placement.taskFiles.contains { $0.hasPrefix("/sys/fs/cgroup/cpuset/") || $0.hasPrefix("/sys/fs/cgroup/systemd/") })
        let mounts = cgroup.containerMounts(at: "/sys/fs/cgroup", readonly: false).map(\.destination)
        #expect(!mounts.contains("/sys/fs/cgroup/cpuset") && !mounts.contains("/sys/fs/cgroup/systemd"))
        #expect(mounts.contains("/sys/fs/cgroup/freezer") && mounts.contains("/sys/fs/cgroup/memory"))
    }

    @Test func cpusetLimitsBringTheCpusetHierarchyIn() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid, joinedCpu: false)
        let cgroup = try Cgroup.create(path: Self.path, resources: CgroupResources(cpusetCpus: "1"), host: host,
                                       hierarchies: .limitedToResources)
        #expect(Self.v1Names(cgroup).contains("cpuset"))
        #expect(!Self.v1Names(cgroup).contains("systemd"))
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuset/cbench/app-1/cpuset.cpus").last == "1")
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
    }

    @Test func theDefaultStillUsesEveryHierarchy() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.hybrid, joinedCpu: false)
        let cgroup = try Cgroup.create(path: Self.path, host: host)
        #expect(Self.v1Names(cgroup) == ["blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids", "systemd"])
    }

    @Test func openFindsAndRemoveRemovesATrimmedCgroup() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid, joinedCpu: false)
        let made = try Cgroup.create(path: Self.path, host: host, hierarchies: .limitedToResources)
        let reopened = try Cgroup.open(path: Self.path, host: host)
        #expect(reopened.directories == made.directories)
        try reopened.remove()
        for directory in made.directories { #expect(!fs.isDirectory(directory.path)) }
    }

    @Test func onAV2HostTheSelectionChangesNothing() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: Self.path, host: host, hierarchies: .limitedToResources)
        #expect(cgroup.directories.map(\.path) == ["/sys/fs/cgroup/cbench/app-1"])
    }
}
