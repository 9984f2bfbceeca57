#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import NamespaceCoreTesting
import Testing

/// The store's shared v1 cpuset cgroup (`SharedCpuset`): a container that asks for no cpus or
/// mems joins it instead of getting its own, whose writes the kernel checks against every
/// other container's cpuset.
@Suite struct CgroupSharedCpusetTests {
    let shared = SharedCpuset(scope: "/run/cbench/app")
    var sharedDirectory: String { "/sys/fs/cgroup/cpuset/" + shared.path }

    @Test func theNameIsAProjectGroupOfItsOwnPerScope() {
        #expect(SharedCpuset.isShared(shared.path))
        #expect(CgroupPaths.isTopLevelProjectGroup(shared.path))
        #expect(shared != SharedCpuset(scope: "/run/cbench/other"))
        #expect(shared == SharedCpuset(scope: "/run/cbench/app"))
        #expect(!SharedCpuset.isShared("cbench-app-1"))
        #expect(!SharedCpuset.isShared(SharedCpuset.namePrefix))
    }

    @Test(arguments: [CgroupMode.v1, .hybrid])
    func containersWithoutACpusetJoinOneGroupSetUpOnce(_ mode: CgroupMode) throws {
        let (host, fs) = FakeCgroupFS.sampleHost(mode)
        let first = try Cgroup.create(path: "cbench-app-1", host: host, sharingCpuset: shared)
        first.releaseJoinLock()
        let second = try Cgroup.create(path: "cbench-app-2", host: host, sharingCpuset: shared)
        #expect(!fs.isDirectory("/sys/fs/cgroup/cpuset/cbench-app-1"))
        #expect(!fs.isDirectory("/sys/fs/cgroup/cpuset/cbench-app-2"))
        #expect(fs.isDirectory("/sys/fs/cgroup/memory/cbench-app-2"))
        // The flag goes off while cpus are still empty, then cpus and mems are copied: once.
        let sharedWrites = fs.operations.filter { if case .write(let path, _) = $0 { path.hasPrefix(sharedDirectory + "/") } else { false } }
        #expect(sharedWrites == [.write(sharedDirectory + "/cpuset.sched_load_balance", "0"),
                                 .write(sharedDirectory + "/cpuset.cpus", "0-1"),
                                 .write(sharedDirectory + "/cpuset.mems", "0")])
        #expect(second.directory(for: "cpuset") == nil, "never read, written or removed as its own")
        #expect(second.sharedDirectories.map(\.path) == [sharedDirectory])
        #expect(second.placement.taskFiles.contains(sharedDirectory + "/tasks"))
        #expect(fs.locks(on: sharedDirectory).shared == 1, "held until the process is in")
        second.releaseJoinLock()
        #expect(fs.locks(on: sharedDirectory) == FakeCgroupFS.HeldLocks())
    }

    @Test func aContainerThatAsksForCpusOrMemsGetsItsOwn() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        for (index, resources) in [CgroupResources(cpusetCpus: "1"), CgroupResources(cpusetMems: "0")].enumerated() {
            let cgroup = try Cgroup.create(path: "cbench-app-\(index)", resources: resources, host: host, sharingCpuset: shared)
            #expect(cgroup.sharedDirectories.isEmpty)
            #expect(cgroup.directory(for: "cpuset")?.path == "/sys/fs/cgroup/cpuset/cbench-app-\(index)")
        }
        #expect(!fs.isDirectory(sharedDirectory))
    }

    @Test func onV2NothingIsShared() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench-app-1", host: host, sharingCpuset: shared)
        #expect(cgroup.sharedDirectories.isEmpty)
        #expect(!fs.isDirectory("/sys/fs/cgroup/" + shared.path))
    }

    @Test func theGroupGoesOnlyWhenNoOneJoinsItAndNoTaskIsIn() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        let joining = try Cgroup.create(path: "cbench-app-1", host: host, sharingCpuset: shared)
        Cgroup.removeUnusedSharedCpusets(host: host)
        #expect(fs.isDirectory(sharedDirectory), "a start is still putting its process in")
        joining.releaseJoinLock()
        fs.setFile(sharedDirectory + "/cgroup.procs", "42\n")
        Cgroup.removeUnusedSharedCpusets(host: host)
        #expect(fs.isDirectory(sharedDirectory), "a task is in: EBUSY")
        fs.setFile(sharedDirectory + "/cgroup.procs", "")
        try joining.remove()
        joining.leaveSharedGroups()
        #expect(!fs.isDirectory(sharedDirectory))
        #expect(Cgroup.leftovers(host: host).isEmpty)
    }

    @Test func aHalfSetUpGroupIsFinishedBeforeAnyoneJoins() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        _ = try Cgroup.create(path: "cbench-app-1", host: host, sharingCpuset: shared).releaseJoinLock()
        // Made by a start that has not copied its mems yet: a join finishes the copy, then joins.
        fs.setFile(sharedDirectory + "/cpuset.mems", "")
        let cgroup = try Cgroup.create(path: "cbench-app-2", host: host, sharingCpuset: shared)
        #expect(fs.contents(sharedDirectory + "/cpuset.mems") == "0")
        #expect(cgroup.sharedDirectories.map(\.path) == [sharedDirectory])
    }

    /// A container of the shared group (its task 77 there), opened as kill or exec open it.
    func openedInTheSharedGroup() throws -> (Cgroup, CgroupHost, FakeCgroupFS) {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        _ = try Cgroup.create(path: "cbench-app-1", host: host, sharingCpuset: shared).releaseJoinLock()
        fs.setFile("/sys/fs/cgroup/memory/cbench-app-1/cgroup.procs", "77\n")
        fs.setFile("/sys/fs/cgroup/systemd/cbench-app-1/cgroup.procs", "77\n")
        fs.setFile("/proc/77/cpuset", "/\(shared.path)\n")
        return (try Cgroup.open(path: "cbench-app-1", host: host), host, fs)
    }

    @Test func openFindsTheSharedGroupThroughItsFirstTask() throws {
        let (opened, host, fs) = try openedInTheSharedGroup()
        #expect(opened.sharedDirectories.map(\.path) == [sharedDirectory])
        #expect(!opened.ownedLevels.contains(sharedDirectory))
        #expect(try opened.pids() == [77])
        fs.setFile("/proc/77/cpuset", "/\n")
        #expect(try Cgroup.open(path: "cbench-app-1", host: host).sharedDirectories.isEmpty, "the root is no shared group")
    }

    @Test func anOpenedCgroupLooksTheSharedGroupUpOnceForAllItsAsks() throws {
        let (opened, _, fs) = try openedInTheSharedGroup()
        #expect(fs.readCount(of: "/proc/77/cpuset") == 0, "not at the open")
        let copy = opened
        #expect(opened.sharedDirectories.map(\.path) == [sharedDirectory])
        #expect(copy.sharedDirectories.map(\.path) == [sharedDirectory])
        _ = opened.containerMounts(at: "/sys/fs/cgroup", readonly: true)
        #expect(opened.placedDirectories.count == opened.directories.count + 1)
        #expect(fs.readCount(of: "/proc/77/cpuset") == 1)
    }

    @Test func anUpdateOfCpusGivesTheContainerItsOwnCpusetWithItsTasks() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        let cgroup = try Cgroup.create(path: "cbench-app-1", host: host, sharingCpuset: shared)
        cgroup.releaseJoinLock()
        fs.setFile("/sys/fs/cgroup/memory/cbench-app-1/cgroup.procs", "77\n78\n")
        try cgroup.update(CgroupResources(cpusetCpus: "1"))
        let own = "/sys/fs/cgroup/cpuset/cbench-app-1"
        #expect(fs.writes(to: own + "/cpuset.cpus") == ["0-1", "1"])
        #expect(fs.writes(to: own + "/cpuset.mems") == ["0"])
        #expect(fs.writes(to: own + "/cgroup.procs") == ["77", "78"])
        #expect(fs.writes(to: sharedDirectory + "/cpuset.cpus") == ["0-1"], "the shared group is left as it was")
        // Its processes ended: the own cpuset goes with the rest of the container's cgroup.
        for hierarchy in ["cpuset", "memory"] { fs.setFile("/sys/fs/cgroup/\(hierarchy)/cbench-app-1/cgroup.procs", "") }
        try Cgroup.open(path: "cbench-app-1", host: host).remove()
        #expect(!fs.isDirectory(own))
    }

    @Test func theContainerSeesTheSharedGroupReadOnlyAndCRIURestoresIntoIt() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.hybrid)
        let cgroup = try Cgroup.create(path: "cbench-app-1", host: host, sharingCpuset: shared)
        cgroup.releaseJoinLock()
        let mounts = cgroup.containerMounts(at: "/sys/fs/cgroup", readonly: false)
        let cpuset = try #require(mounts.first { $0.destination == "/sys/fs/cgroup/cpuset" })
        #expect(cpuset.source == sharedDirectory)
        #expect(cpuset.options.contains("ro"))
        let memory = try #require(mounts.first { $0.destination == "/sys/fs/cgroup/memory" })
        #expect(!memory.options.contains("ro"))
        #expect(cgroup.relativePath(of: cgroup.sharedDirectories[0]) == shared.path)
    }
}
