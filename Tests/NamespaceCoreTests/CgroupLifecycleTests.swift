#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

@Suite struct CgroupLifecycleTests {
    @Test func v1FreezeAndThawWriteFreezerState() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        try cgroup.freeze()
        #expect(fs.contents("/sys/fs/cgroup/freezer/cbench/oci-1/freezer.state") == "FROZEN")
        try cgroup.thaw()
        #expect(fs.writes(to: "/sys/fs/cgroup/freezer/cbench/oci-1/freezer.state") == ["FROZEN", "THAWED"])
    }

    @Test func v1FreezeRetriesWhileFreezing() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        let attempts = Mutex(0)
        // The kernel reports FREEZING for the first two writes.
        fs.onWrite { path, value in
            guard path.hasSuffix("freezer.state"), value == "FROZEN" else { return [:] }
            let count = attempts.withLock { $0 += 1; return $0 }
            return count < 3 ? [path: "FREEZING\n"] : [:]
        }
        try cgroup.freeze()
        #expect(fs.writes(to: "/sys/fs/cgroup/freezer/cbench/oci-1/freezer.state") == ["FROZEN", "FROZEN", "FROZEN"])
    }

    /// The fake confirms in cgroup.events only on the fourth look, as a kernel does once the
    /// last task has stopped: freeze and thaw return only after seeing it.
    @Test func v2FreezeWaitsForCgroupEvents() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        fs.delayReactions(reads: 3)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        let events = "/sys/fs/cgroup/cbench/oci-1/cgroup.events"
        try cgroup.freeze()
        #expect(fs.readCount(of: events) == 4)
        #expect(fs.contents(events)?.contains("frozen 1") == true)
        try cgroup.thaw()
        #expect(fs.readCount(of: events) == 8)
        #expect(fs.contents(events)?.contains("frozen 0") == true)
        #expect(fs.writes(to: "/sys/fs/cgroup/cbench/oci-1/cgroup.freeze") == ["1", "0"])
    }

    /// A freeze the kernel never confirms is an error naming the wait, not a silent return.
    @Test func v2FreezeNeverConfirmedIsAnError() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        fs.delayReactions(reads: Int.max)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        let error = try #require(throws: CoreError.self) { try cgroup.freeze() }
        #expect(error.stage == "cgroup wait cgroup.events")
        #expect(error.errno == ETIMEDOUT)
        #expect(error.description.hasPrefix("cgroup wait cgroup.events: ETIMEDOUT ("), "\(error.description)")
    }

    @Test func v1StatsAreParsed() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        let memory = "/sys/fs/cgroup/memory/cbench/oci-1"
        fs.setFile("\(memory)/memory.usage_in_bytes", "184320\n")
        fs.setFile("\(memory)/memory.max_usage_in_bytes", "1048576\n")
        fs.setFile("\(memory)/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
        fs.setFile("/sys/fs/cgroup/pids/cbench/oci-1/pids.current", "3\n")
        fs.setFile("/sys/fs/cgroup/cpu,cpuacct/cbench/oci-1/cpuacct.usage", "5000000\n")
        fs.setFile("\(memory)/memory.limit_in_bytes", "67108864\n")
        fs.setFile("\(memory)/memory.failcnt", "7\n")
        fs.setFile("/sys/fs/cgroup/pids/cbench/oci-1/pids.max", "50\n")
        #expect(cgroup.stats() == CgroupStats(memoryUsage: 184_320, memoryPeak: 1_048_576, oomKills: 2,
                                              pidsCurrent: 3, cpuUsageNanoseconds: 5_000_000,
                                              memoryLimit: 67_108_864, memoryFailures: 7, pidsLimit: 50))
    }

    @Test func v2StatsAreParsedAndMissingFilesAreNil() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        let leaf = "/sys/fs/cgroup/cbench/oci-1"
        fs.setFile("\(leaf)/memory.current", "4096\n")
        fs.setFile("\(leaf)/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\noom_group_kill 0\n")
        fs.setFile("\(leaf)/cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n")
        fs.setFile("\(leaf)/pids.current", "1\n")
        fs.removeFile("\(leaf)/memory.peak")
        // Unlimited: memory.max "max" reads as UInt64.max (runc's v2 value), pids.max "max" as none.
        #expect(cgroup.stats() == CgroupStats(memoryUsage: 4096, memoryPeak: nil, oomKills: 1,
                                              pidsCurrent: 1, cpuUsageNanoseconds: 1_500_000,
                                              memoryLimit: UInt64.max, memoryFailures: 4, pidsLimit: nil))
    }

    @Test func aFailingWriteRollsBackEverythingCreated() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        fs.failWrites(endingWith: "oci-1/cpu.shares", errno: EINVAL)
        do {
            _ = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(memoryLimit: 1 << 20, cpuShares: 5), host: host)
            Issue.record("create should have failed")
        } catch {
            #expect(error.stage == "cgroup write cpu.shares")
            #expect(error.errno == EINVAL)
            #expect(error.description.hasPrefix("cgroup write cpu.shares: EINVAL"))
        }
        #expect(Cgroup.leftovers(host: host).isEmpty)
        let removed = fs.operations.compactMap { if case .rmdir(let path) = $0 { path } else { nil } }
        #expect(removed.count == 8)
        #expect(removed.allSatisfy { $0.hasSuffix("/cbench/oci-1") })
    }

    @Test func aFailingMkdirRollsBackTheHierarchiesDoneSoFar() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        fs.failMkdir(endingWith: "unified/cbench/oci-1", errno: ENOSPC)
        #expect(throws: CoreError(stage: "cgroup create /sys/fs/cgroup/unified/cbench/oci-1", errno: ENOSPC)) {
            try Cgroup.create(path: "cbench/oci-1", host: host)
        }
        #expect(Cgroup.leftovers(host: host).isEmpty)
    }

    @Test func removeGoesDeepestFirstAndLeavesTheSharedParent() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/pod-1/ctr-1", host: host)
        #expect(cgroup.ownedLevels == ["/sys/fs/cgroup/cbench/pod-1", "/sys/fs/cgroup/cbench/pod-1/ctr-1"])
        try cgroup.remove()
        let removed = fs.operations.compactMap { if case .rmdir(let path) = $0 { path } else { nil } }
        #expect(removed == ["/sys/fs/cgroup/cbench/pod-1/ctr-1", "/sys/fs/cgroup/cbench/pod-1"])
        #expect(fs.isDirectory("/sys/fs/cgroup/cbench"))
        Cgroup.removeEmptyProjectParents(host: host)
        #expect(!fs.isDirectory("/sys/fs/cgroup/cbench"))
    }

    @Test func removeRetriesWhileTasksExit() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        fs.makeBusy("/sys/fs/cgroup/memory/cbench/oci-1", times: 3)
        try cgroup.remove()
        #expect(Cgroup.leftovers(host: host).isEmpty)
    }

    @Test func removeFailsWhenTasksStay() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        try cgroup.addProcess(99)
        #expect(throws: CoreError.self) { try cgroup.remove() }
    }

    @Test func leftoversListEveryHierarchyDeepestFirst() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.hybrid)
        _ = try Cgroup.create(path: "cbench/pod/a", host: host)
        let leftovers = Cgroup.leftovers(host: host)
        #expect(leftovers.count == 18)
        #expect(leftovers.prefix(9).allSatisfy { $0.hasSuffix("/cbench/pod/a") })
        #expect(leftovers.contains("/sys/fs/cgroup/unified/cbench/pod"))
    }

    @Test func killAllFreezesSignalsEveryPidAndThaws() throws {
        let signalled = Mutex<[Int32]>([])
        let (host, fs) = FakeCgroupFS.sampleHost(.v1, sendSignal: { pid, signal in
            signalled.withLock { $0.append(pid) }
            return pid == 11 ? ESRCH : 0
        })
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        try cgroup.addProcess(10)
        try cgroup.addProcess(11)
        try cgroup.killAll(signal: SIGKILL)
        #expect(signalled.withLock { $0 } == [10, 11], "a process already gone is fine")
        #expect(fs.writes(to: "/sys/fs/cgroup/freezer/cbench/oci-1/freezer.state") == ["FROZEN", "THAWED"])
    }
}

@Suite struct CgroupKillTests {
    @Test func killAllLeavesAPausedCgroupFrozen() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        try cgroup.addProcess(10)
        try cgroup.freeze()
        try cgroup.killAll(signal: SIGTERM)
        #expect(try cgroup.isFrozen())
        #expect(fs.writes(to: "/sys/fs/cgroup/cbench/oci-1/cgroup.freeze") == ["1"])
    }

    @Test func killAllOfAnEmptyCgroupFreezesNothing() throws {
        let signalled = Mutex<[Int32]>([])
        let (host, fs) = FakeCgroupFS.sampleHost(.v1, sendSignal: { pid, _ in
            signalled.withLock { $0.append(pid) }
            return 0
        })
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        try cgroup.killAll(signal: SIGKILL)
        #expect(fs.writes(to: "/sys/fs/cgroup/freezer/cbench/oci-1/freezer.state").isEmpty)
        #expect(signalled.withLock { $0 }.isEmpty)
    }

    @Test func killAllReportsARealSignalFailure() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.v1, sendSignal: { _, _ in EPERM })
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        try cgroup.addProcess(10)
        #expect(throws: CoreError(stage: "cgroup kill pid 10", errno: EPERM, detail: "signal 9")) {
            try cgroup.killAll(signal: SIGKILL)
        }
        #expect(try !cgroup.isFrozen(), "thawed even after a failure")
    }
}
