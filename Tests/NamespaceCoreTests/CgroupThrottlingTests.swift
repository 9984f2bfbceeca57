import Glibc
import NamespaceCore
import NamespaceCoreTesting
import Testing

/// The CFS counters of cpu.stat, read from the host side of a container's cgroup.
struct CgroupThrottlingTests {
    @Test func v1CountersAreReadWithTheThrottledTimeInMicroseconds() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/lxc-1", host: host)
        let file = "/sys/fs/cgroup/cpu,cpuacct/cbench/lxc-1/cpu.stat"
        fs.setFile(file, "nr_periods 16\nnr_throttled 15\nthrottled_time 2794000000\n")
        #expect(cgroup.throttling() == CgroupThrottling(file: file, periods: 16, throttledPeriods: 15, throttledMicroseconds: 2_794_000))
    }

    @Test func v2CountersAreRead() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/lxc-1", host: host)
        let file = "/sys/fs/cgroup/cbench/lxc-1/cpu.stat"
        fs.setFile(file, "usage_usec 1500\nnr_periods 4\nnr_throttled 0\nthrottled_usec 0\n")
        #expect(cgroup.throttling() == CgroupThrottling(file: file, periods: 4, throttledPeriods: 0, throttledMicroseconds: 0))
    }

    /// The failing case: a cpu.stat without CFS counters (no quota support) is no reading, not zero.
    @Test func aCpuStatWithoutCountersIsNoReading() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/lxc-1", host: host)
        fs.setFile("/sys/fs/cgroup/cbench/lxc-1/cpu.stat", "usage_usec 1500\n")
        #expect(cgroup.throttling() == nil)
    }
}
