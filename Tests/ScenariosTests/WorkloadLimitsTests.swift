import NamespaceCore
import Testing
@testable import Targets

/// A workload's cgroup limits as each kind of target is given them.
struct WorkloadLimitsTests {
    let limits = WorkloadLimits(memoryMegabytes: 64, pids: 32, cpus: 0.1)

    @Test func anOCIConfigCarriesThemInLinuxResources() {
        let workload = ContainerWorkload(args: ["true"], rootfs: "/roots/busybox", limits: limits)
        let resources = OCIBundle.spec(for: workload, cgroupPath: "cbench/engine-x").linux?.resources
        #expect(resources?.memory?.limit == 64 << 20)
        #expect(resources?.pids?.limit == 32)
        #expect(resources?.cpu?.quota == 10_000 && resources?.cpu?.period == 100_000)
        // runc's default device rules stay.
        #expect(resources?.devices?.first?.allow == false)
        let none = OCIBundle.spec(for: ContainerWorkload(args: ["true"], rootfs: "/r"), cgroupPath: "c").linux?.resources
        #expect(none?.memory == nil && none?.pids == nil && none?.cpu == nil)
    }

    @Test func enginesAndCbenchAppTakeDockersFlags() {
        let workload = ContainerWorkload(args: ["true"], rootfs: "/r", limits: limits)
        #expect(DockerStyleArguments.extra(for: workload) == ["--memory", "64m", "--pids-limit", "32", "--cpus", "0.1"])
        #expect(DockerStyleArguments.extra(for: ContainerWorkload(args: ["true"], rootfs: "/r")).isEmpty)
    }

    @Test func lxcKeysFollowTheHostsCgroupMode() {
        #expect(limits.lxcLines(mode: .hybrid) == ["lxc.cgroup.memory.limit_in_bytes = 67108864", "lxc.cgroup.pids.max = 32",
                                                   "lxc.cgroup.cpu.cfs_period_us = 100000", "lxc.cgroup.cpu.cfs_quota_us = 10000"])
        #expect(limits.lxcLines(mode: .v2) == ["lxc.cgroup2.memory.max = 67108864", "lxc.cgroup2.pids.max = 32", "lxc.cgroup2.cpu.max = 10000 100000"])
        #expect(WorkloadLimits().lxcLines(mode: .v1).isEmpty)
        let config = LXCTarget.config(id: "c1", workload: ContainerWorkload(args: ["true"], rootfs: "/r", limits: WorkloadLimits(pids: 32)),
                                      directory: "/d", cgroupPath: "cbench/engine-c1")
        #expect(config.contains("lxc.cgroup.pids.max = 32\n") || config.contains("lxc.cgroup2.pids.max = 32\n"))
    }
}
