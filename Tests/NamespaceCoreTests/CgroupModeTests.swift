import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

@Suite struct CgroupModeTests {
    /// The mounts of this project's VMs, verbatim.
    static let thisHost = """
    31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
    32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
    33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
    34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
    35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
    36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
    37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
    38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
    39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
    40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
    41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
    """

    @Test func thisHostIsHybridWithSeparateCpuAndCpuacct() throws {
        let layout = try CgroupLayout(mountinfo: Self.thisHost)
        #expect(layout.mode == .hybrid)
        #expect(layout.unified?.mountPoint == "/sys/fs/cgroup/unified")
        #expect(layout.v1Hierarchies.count == 9)
        #expect(layout.v1Hierarchy(for: "cpu")?.mountPoint == "/sys/fs/cgroup/cpu")
        #expect(layout.v1Hierarchy(for: "cpuacct")?.mountPoint == "/sys/fs/cgroup/cpuacct")
        #expect(layout.v1Hierarchy(for: "name=systemd")?.mountPoint == "/sys/fs/cgroup/systemd")
    }

    @Test func pureV1WithJoinedCpuAndCpuacct() throws {
        let layout = try CgroupLayout(mountinfo: FakeCgroupFS.sampleMountinfo(.v1))
        #expect(layout.mode == .v1)
        #expect(layout.unified == nil)
        let cpu = try #require(layout.v1Hierarchy(for: "cpu"))
        #expect(cpu.controllers == ["cpu", "cpuacct"])
        #expect(cpu.mountPoint == "/sys/fs/cgroup/cpu,cpuacct")
        #expect(layout.v1Hierarchy(for: "cpuacct") == cpu)
        // `xattr` is a mount option, not a controller.
        #expect(layout.v1Hierarchy(for: "name=systemd")?.controllers == ["name=systemd"])
    }

    @Test func hybridWithJoinedCpu() throws {
        let layout = try CgroupLayout(mountinfo: FakeCgroupFS.sampleMountinfo(.hybrid, joinedCpu: true))
        #expect(layout.mode == .hybrid)
        #expect(layout.v1Hierarchy(for: "cpuacct")?.controllers == ["cpu", "cpuacct"])
        #expect(layout.unified?.mountPoint == "/sys/fs/cgroup/unified")
    }

    @Test func pureV2() throws {
        let layout = try CgroupLayout(mountinfo: FakeCgroupFS.sampleMountinfo(.v2))
        #expect(layout.mode == .v2)
        #expect(layout.v1Hierarchies.isEmpty)
        #expect(layout.unified?.mountPoint == "/sys/fs/cgroup")
    }

    @Test func v2WithOnlyANamedV1HierarchyIsStillV2() throws {
        let text = FakeCgroupFS.sampleMountinfo(.v2)
            + "40 31 0:37 / /run/lxcfs/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
        #expect(try CgroupLayout(mountinfo: text).mode == .v2)
    }

    @Test func aHierarchyMountedTwiceCountsOnce() throws {
        let text = Self.thisHost + "\n99 22 0:32 / /mnt/memory-again rw - cgroup cgroup rw,memory\n"
        let layout = try CgroupLayout(mountinfo: text)
        #expect(layout.v1Hierarchies.filter { $0.has("memory") }.count == 1)
        #expect(layout.v1Hierarchy(for: "memory")?.mountPoint == "/sys/fs/cgroup/memory")
    }

    @Test func escapedMountPointsAreDecoded() throws {
        let text = "41 31 0:38 / /mnt/with\\040space rw - cgroup2 cgroup2 rw\n"
        #expect(try CgroupLayout(mountinfo: text).unified?.mountPoint == "/mnt/with space")
    }

    @Test func noCgroupMountIsAnError() {
        #expect(throws: CoreError.self) { try CgroupLayout(mountinfo: "22 1 254:1 / / rw - ext4 /dev/vda1 rw\n") }
    }

    @Test func detectReadsV2ControllersFromTheRoot() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.v2)
        #expect(host.mode == .v2)
        #expect(host.layout.unified?.controllers == ["cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"])
        let (hybrid, _) = FakeCgroupFS.sampleHost(.hybrid)
        #expect(hybrid.layout.unified?.controllers == ["hugetlb"])
    }

    @Test func pathsAreRelativeToEachHierarchyAndCannotEscape() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.v1)
        #expect(host.absolutePath(of: "cbench/oci-1", controller: "cpuacct") == "/sys/fs/cgroup/cpu,cpuacct/cbench/oci-1")
        #expect(host.absolutePath(of: "/cbench/oci-1/", controller: "memory") == "/sys/fs/cgroup/memory/cbench/oci-1")
        #expect(host.absolutePath(of: "cbench/x", controller: "rdma") == nil)
        #expect(throws: CoreError.self) { try CgroupPaths.components(of: "cbench/../../etc") }
        #expect(throws: CoreError.self) { try CgroupPaths.components(of: "/") }
    }
}
