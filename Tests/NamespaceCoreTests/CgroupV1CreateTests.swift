import Glibc
import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

@Suite struct CgroupV1CreateTests {
    static let limits = CgroupResources(
        memoryLimit: 64 << 20, memoryReservation: 32 << 20, memorySwapLimit: 128 << 20, pidsLimit: 50,
        cpuShares: 512, cpuQuota: 50_000, cpuPeriod: 100_000, cpusetCpus: "1", cpusetMems: "0",
        devices: [CgroupDeviceRule(allow: false), CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 3, access: "rwm"),
                  CgroupDeviceRule(allow: true, kind: .char, major: 136, minor: nil, access: "rw")]
    )

    @Test func createsEveryUsedHierarchyAndWritesV1Files() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.limits, host: host)
        let root = "/sys/fs/cgroup"
        #expect(Set(cgroup.directories.map(\.path)) == Set([
            "systemd", "cpuset", "cpu,cpuacct", "memory", "devices", "freezer", "blkio", "pids",
        ].map { "\(root)/\($0)/cbench/oci-1" }))
        #expect(!fs.isDirectory("\(root)/perf_event/cbench"), "perf_event is not a controller we use")
        let memory = "\(root)/memory/cbench/oci-1"
        #expect(fs.writes(to: "\(memory)/memory.limit_in_bytes") == ["67108864"])
        #expect(fs.writes(to: "\(memory)/memory.soft_limit_in_bytes") == ["33554432"])
        #expect(fs.writes(to: "\(memory)/memory.memsw.limit_in_bytes") == ["134217728"])
        #expect(fs.writes(to: "\(root)/pids/cbench/oci-1/pids.max") == ["50"])
        let cpu = "\(root)/cpu,cpuacct/cbench/oci-1"
        #expect(fs.writes(to: "\(cpu)/cpu.shares") == ["512"])
        #expect(fs.writes(to: "\(cpu)/cpu.cfs_period_us") == ["100000"])
        #expect(fs.writes(to: "\(cpu)/cpu.cfs_quota_us") == ["50000"])
        let devices = "\(root)/devices/cbench/oci-1"
        #expect(fs.writes(to: "\(devices)/devices.deny") == ["a *:* rwm"])
        #expect(fs.writes(to: "\(devices)/devices.allow") == ["c 1:3 rwm", "c 136:* rw"])
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
        #expect(cgroup.ownedLevels.count == 8, "the shared cbench parent is not owned")
    }

    @Test func memoryLimitIsWrittenBeforeMemsw() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        _ = try Cgroup.create(path: "cbench/oci-1", resources: Self.limits, host: host)
        let memoryWrites = fs.operations.compactMap { operation -> String? in
            if case .write(let path, _) = operation, path.contains("/memory/") { return path.split(separator: "/").last.map(String.init) }
            return nil
        }
        #expect(memoryWrites == ["memory.limit_in_bytes", "memory.soft_limit_in_bytes", "memory.memsw.limit_in_bytes"])
    }

    @Test func cpusetIsCopiedFromTheParentIntoEachNewLevelBeforeTheRequestedOne() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        _ = try Cgroup.create(path: "cbench/oci-1", resources: Self.limits, host: host)
        let cpuset = "/sys/fs/cgroup/cpuset/cbench"
        #expect(fs.writes(to: "\(cpuset)/cpuset.cpus") == ["0-1"])
        #expect(fs.writes(to: "\(cpuset)/cpuset.mems") == ["0"])
        #expect(fs.writes(to: "\(cpuset)/oci-1/cpuset.cpus") == ["0-1", "1"])
        #expect(fs.writes(to: "\(cpuset)/oci-1/cpuset.mems") == ["0", "0"])
    }

    @Test func anExistingParentWithCpusetKeepsItsValues() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        _ = try Cgroup.create(path: "cbench/oci-1", host: host)
        _ = try Cgroup.create(path: "cbench/oci-2", host: host)
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuset/cbench/cpuset.cpus") == ["0-1"])
        #expect(fs.contents("/sys/fs/cgroup/cpuset/cbench/oci-2/cpuset.cpus") == "0-1")
    }

    /// The shared parent clones its cpuset into new children, so after the first container no
    /// cpuset.cpus or cpuset.mems is written (each write scans every sibling in the kernel).
    @Test func theSharedParentClonesItsCpusetSoLaterContainersWriteNone() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cpuset = "/sys/fs/cgroup/cpuset/cbench"
        _ = try Cgroup.create(path: "cbench/oci-1", host: host)
        #expect(fs.writes(to: "\(cpuset)/cgroup.clone_children") == ["1"])
        #expect(fs.writes(to: "\(cpuset)/oci-1/cpuset.cpus") == ["0-1"], "made before the flag: copied by hand")
        #expect(fs.writes(to: "\(cpuset)/oci-1/cgroup.clone_children").isEmpty, "the leaf holds no children")
        _ = try Cgroup.create(path: "cbench/oci-2", host: host)
        _ = try Cgroup.create(path: "cbench/oci-3", host: host)
        for leaf in ["oci-2", "oci-3"] {
            #expect(fs.writes(to: "\(cpuset)/\(leaf)/cpuset.cpus").isEmpty && fs.writes(to: "\(cpuset)/\(leaf)/cpuset.mems").isEmpty)
            #expect(fs.contents("\(cpuset)/\(leaf)/cpuset.cpus") == "0-1" && fs.contents("\(cpuset)/\(leaf)/cpuset.mems") == "0")
        }
        #expect(fs.writes(to: "\(cpuset)/cgroup.clone_children") == ["1"], "set once")
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuset/cgroup.clone_children").isEmpty, "the hierarchy's root is not ours")
    }

    @Test func aParentThatRefusesCloneChildrenStillGivesEachContainerACpuset() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        fs.failWrites(endingWith: "/cgroup.clone_children", errno: EACCES)
        _ = try Cgroup.create(path: "cbench/oci-1", host: host)
        _ = try Cgroup.create(path: "cbench/oci-2", host: host)
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuset/cbench/oci-2/cpuset.cpus") == ["0-1"])
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuset/cbench/oci-2/cpuset.mems") == ["0"])
    }

    @Test func aRootLevelCgroupStopsBalancingBeforeItsCpusetIsCopied() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let leaf = "/sys/fs/cgroup/cpuset/cbench-app-1"
        _ = try Cgroup.create(path: "cbench-app-1", host: host)
        #expect(fs.writes(to: "\(leaf)/cpuset.sched_load_balance") == ["0"])
        let order = fs.operations.compactMap { operation -> String? in
            if case .write(let path, _) = operation, path.hasPrefix(leaf + "/") { return String(path.dropFirst(leaf.count + 1)) }
            return nil
        }
        #expect(order == ["cpuset.sched_load_balance", "cpuset.cpus", "cpuset.mems"], "the flag goes first, while the cpus are empty")
        #expect(fs.contents("\(leaf)/cpuset.cpus") == "0-1" && fs.contents("\(leaf)/cpuset.mems") == "0")
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuset/cpuset.sched_load_balance").isEmpty, "the hierarchy's root is not ours")
    }

    @Test func onlyACgroupWhoseParentBalancesHasItsBalancingTurnedOff() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cpuset = "/sys/fs/cgroup/cpuset"
        _ = try Cgroup.create(path: "cbench/oci-1", host: host)
        #expect(fs.writes(to: "\(cpuset)/cbench/cpuset.sched_load_balance") == ["0"], "the shared parent, under the balancing root")
        #expect(fs.writes(to: "\(cpuset)/cbench/oci-1/cpuset.sched_load_balance").isEmpty, "its parent does not balance")
        _ = try Cgroup.create(path: "cbench/oci-2", host: host)
        #expect(fs.writes(to: "\(cpuset)/cbench/oci-2/cpuset.sched_load_balance").isEmpty, "cloned: nothing is written to it")

        let (otherHost, other) = FakeCgroupFS.sampleHost(.v1)
        other.setFile("\(cpuset)/cpuset.sched_load_balance", "0\n")
        _ = try Cgroup.create(path: "cbench-app-2", host: otherHost)
        #expect(other.writes(to: "\(cpuset)/cbench-app-2/cpuset.sched_load_balance").isEmpty, "a root that does not balance: the flag stays")
        #expect(other.contents("\(cpuset)/cbench-app-2/cpuset.cpus") == "0-1")
    }

    @Test func aRefusedBalanceFlagStillGivesTheContainerACpuset() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        fs.failWrites(endingWith: "/cpuset.sched_load_balance", errno: EACCES)
        _ = try Cgroup.create(path: "cbench-app-3", host: host)
        #expect(fs.writes(to: "/sys/fs/cgroup/cpuset/cbench-app-3/cpuset.cpus") == ["0-1"])
        #expect(fs.contents("/sys/fs/cgroup/cpuset/cbench-app-3/cpuset.sched_load_balance") == "1")
    }

    @Test func unlimitedValuesAreWrittenAsTheKernelSpellsThem() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        _ = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(memoryLimit: -1, pidsLimit: 0, cpuQuota: -1), host: host)
        #expect(fs.writes(to: "/sys/fs/cgroup/memory/cbench/oci-1/memory.limit_in_bytes") == ["-1"])
        #expect(fs.writes(to: "/sys/fs/cgroup/pids/cbench/oci-1/pids.max") == ["max"])
        #expect(fs.writes(to: "/sys/fs/cgroup/cpu,cpuacct/cbench/oci-1/cpu.cfs_quota_us") == ["-1"])
    }

    @Test func memswWithoutSwapAccountingIsReportedNotFatal() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1, swapAccounting: false)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.limits, host: host)
        #expect(cgroup.unsupportedOnThisMode == [.memorySwap])
        #expect(fs.writes(to: "/sys/fs/cgroup/memory/cbench/oci-1/memory.limit_in_bytes") == ["67108864"])
    }

    @Test func anExistingCgroupIsNotTakenOver() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.v1)
        _ = try Cgroup.create(path: "cbench/oci-1", host: host)
        #expect(throws: CoreError.self) { try Cgroup.create(path: "cbench/oci-1", host: host) }
    }

    @Test func addProcessWritesEveryHierarchyAndPidsReadsThemBack() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        try cgroup.addProcess(4242)
        for directory in cgroup.directories {
            #expect(fs.writes(to: directory.file("cgroup.procs")) == ["4242"])
        }
        #expect(try cgroup.pids() == [4242])
    }

    @Test func openFindsTheCgroupAndOwnsOnlyItsLeaf() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.v1)
        let created = try Cgroup.create(path: "cbench/oci-1", host: host)
        let opened = try Cgroup.open(path: "cbench/oci-1", host: host)
        #expect(opened.directories == created.directories)
        #expect(opened.ownedLevels == created.directories.map(\.path))
        #expect(throws: CoreError.self) { try Cgroup.open(path: "cbench/missing", host: host) }
    }
}
