import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

@Suite struct HostFactsTests {
    static let hybridMountinfo = """
        22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:5 - cgroup cgroup rw,memory
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate
        """

    @Test func parsesMountinfoWithOptionalFieldsAndEscapes() {
        let entries = HostMountTable.parse("""
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:5 master:2 - cgroup cgroup rw,memory
            90 22 0:50 / /tmp/cbench-a\\040b rw - overlay over\\134lay rw,lowerdir=/x
            garbage line
            """)
        #expect(entries.count == 2)
        #expect(entries[0].mountID == 35 && entries[0].parentID == 31)
        #expect(entries[0].fsType == "cgroup" && entries[0].superOptions == ["rw", "memory"])
        #expect(entries[1].mountPoint == "/tmp/cbench-a b")
        #expect(entries[1].source == "over\\lay")
    }

    @Test func detectsAHybridHostAndTheHugetlbHeldByCgroup2() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n")
        let layout = HostCgroupLayout.detect(mounts: HostMountTable.parse(Self.hybridMountinfo), root: tree.root)
        #expect(layout.mode == .hybrid)
        #expect(layout.hierarchies.map(\.mountPoint) == ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/memory",
                                                        "/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified"])
        #expect(layout.hierarchies[2].controllers == ["name=systemd"])
        #expect(layout.hybridControllersInV2 == ["hugetlb"])

        try tree.write("/sys/fs/cgroup/unified/cgroup.controllers", "\n")
        let fixed = HostCgroupLayout.detect(mounts: HostMountTable.parse(Self.hybridMountinfo), root: tree.root)
        #expect(fixed.hybridControllersInV2.isEmpty)
    }

    @Test func detectsPureV2PureV1AndNone() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n")
        let v2 = HostCgroupLayout.detect(mounts: HostMountTable.parse(
            "30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate"), root: tree.root)
        #expect(v2.mode == .v2)
        #expect(v2.hierarchies.first?.controllers == ["cpuset", "cpu", "io", "memory", "pids"])
        #expect(v2.hybridControllersInV2.isEmpty, "only a hybrid host has the crun problem")

        let v1 = HostCgroupLayout.detect(mounts: HostMountTable.parse(
            "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct"), root: tree.root)
        #expect(v1.mode == .v1 && v1.hierarchies.first?.controllers == ["cpu", "cpuacct"])
        #expect(HostCgroupLayout.detect(mounts: [], root: tree.root).mode == .none)
    }

    @Test func readsFactsFromAFakeProcAndEtc() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/proc/sys/kernel/osrelease", "6.18.44-fc-v857\n")
        try tree.write("/etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n")
        try tree.write("/proc/sys/kernel/pid_max", "32768\n")
        try tree.write("/proc/sys/kernel/keys/maxkeys", "200\n")
        try tree.write("/proc/sys/fs/inotify/max_user_instances", "128\n")
        try tree.write("/proc/self/limits", """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max processes             96364                96365                processes
            Max open files            1024                 20000                files

            """)
        try tree.write("/proc/self/status", "Name:\tcbench\nCapEff:\t000001fffeffffff\nSeccomp:\t0\n")
        try tree.write("/proc/filesystems", "nodev\tsysfs\nnodev\toverlay\n\text4\n")
        try tree.write("/proc/self/mountinfo", Self.hybridMountinfo)
        try tree.write("/sys/fs/cgroup/unified/cgroup.controllers", "")
        for kind in ["mnt", "pid", "net", "user"] { try tree.write("/proc/self/ns/\(kind)", "") }

        let facts = HostFacts.read(from: tree.root)
        #expect(facts.kernelRelease == "6.18.44-fc-v857")
        #expect(facts.distribution == "Debian GNU/Linux 12 (bookworm)")
        #expect(facts.limits == HostLimits(pidMax: 32768, keysMaxKeys: 200, inotifyMaxUserInstances: 128,
                                           openFiles: HostRlimit(soft: 1024, hard: 20000),
                                           processes: HostRlimit(soft: 96364, hard: 96365),
                                           sysctls: ["kernel.pid_max": "32768", "kernel.keys.maxkeys": "200",
                                                     "fs.inotify.max_user_instances": "128"]))
        #expect(facts.namespaces == ["mnt", "net", "pid", "user"])
        #expect(facts.filesystems == ["sysfs", "overlay", "ext4"])
        #expect(facts.seccompAvailable)
        #expect(facts.hasCapSysResource == false, "bit 24 is clear in 1fffeffffff")
        #expect(facts.cgroups.mode == .hybrid)
    }

    @Test func parsesUnlimitedRlimits() {
        let limits = HostFacts.parseProcessLimits("""
            Limit                     Soft Limit           Hard Limit           Units
            Max open files            unlimited            unlimited            files
            """)
        #expect(limits["Max open files"] == HostRlimit(soft: nil, hard: nil))
    }
}
