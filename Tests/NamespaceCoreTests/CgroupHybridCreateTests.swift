import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

@Suite struct CgroupHybridCreateTests {
    @Test func createsV1HierarchiesPlusATrackingDirectoryInTheUnifiedTree() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid, joinedCpu: false)
        let cgroup = try Cgroup.create(path: "cbench/oci-9", resources: CgroupResources(memoryLimit: 1 << 30, cpuShares: 256), host: host)
        #expect(cgroup.directories.count == 10, "9 v1 hierarchies (cpu and cpuacct apart) + unified")
        #expect(cgroup.unifiedDirectory?.path == "/sys/fs/cgroup/unified/cbench/oci-9")
        #expect(fs.writes(to: "/sys/fs/cgroup/memory/cbench/oci-9/memory.limit_in_bytes") == ["1073741824"])
        #expect(fs.writes(to: "/sys/fs/cgroup/cpu/cbench/oci-9/cpu.shares") == ["256"])
        // Limits go to v1; the unified tree only tracks.
        #expect(fs.writes(to: "/sys/fs/cgroup/unified/cgroup.subtree_control").isEmpty)
        #expect(fs.writes(to: "/sys/fs/cgroup/unified/cbench/oci-9/memory.max").isEmpty)
        try cgroup.addProcess(5)
        #expect(fs.writes(to: "/sys/fs/cgroup/unified/cbench/oci-9/cgroup.procs") == ["5"])
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuacct/cbench/oci-9/cgroup.procs") == ["5"])
    }

    @Test func statsComeFromV1OnHybrid() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid, joinedCpu: false)
        let cgroup = try Cgroup.create(path: "cbench/oci-9", host: host)
        fs.setFile("/sys/fs/cgroup/cpuacct/cbench/oci-9/cpuacct.usage", "123456789\n")
        #expect(cgroup.stats().cpuUsageNanoseconds == 123_456_789)
    }
}
