import Foundation
import Synchronization
import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

@Suite struct HostMemorySkewTests {
    static let kdamonds = DamonKdamond.adminDirectory

    /// A kdamond as this project's VM has it: physical memory, one pageout scheme.
    static func writeKdamond(_ tree: HostFakeTree, index: Int, state: String, pid: Int, actions: [String]) throws {
        let directory = "\(kdamonds)/\(index)"
        try tree.write("\(directory)/state", state + "\n")
        try tree.write("\(directory)/pid", "\(pid)\n")
        try tree.write("\(directory)/contexts/nr_contexts", "1\n")
        try tree.write("\(directory)/contexts/0/operations", "paddr\n")
        try tree.write("\(directory)/contexts/0/schemes/nr_schemes", "\(actions.count)\n")
        for (number, action) in actions.enumerated() {
            try tree.write("\(directory)/contexts/0/schemes/\(number)/action", action + "\n")
        }
    }

    @Test func readsEachKdamondItsContextsAndItsThreadsCPUTime() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try Self.writeKdamond(tree, index: 0, state: "on", pid: 83, actions: ["pageout", "stat"])
        try Self.writeKdamond(tree, index: 1, state: "off", pid: -1, actions: [])
        try tree.write("\(Self.kdamonds)/nr_kdamonds", "2\n")
        // utime 1200 and stime 50 ticks (fields 14 and 15), a name with a space and parentheses.
        try tree.write("/proc/83/stat", "83 (kdamond.0 (x)) S 2 0 0 0 -1 2129984 0 0 0 0 1200 50 0 0 20 0 1 0 35 0 0 0\n")

        let all = DamonKdamond.readAll(from: tree.root, ticksPerSecond: 100)

        #expect(all.map(\.index) == [0, 1])
        #expect(all[0] == DamonKdamond(index: 0, state: "on", pid: 83,
                                       contexts: [.init(operations: "paddr", actions: ["pageout", "stat"])], cpuSeconds: 12.5))
        #expect(all[0].summary == "kdamond 0 on (pid 83, 12.5 s CPU): paddr pageout stat")
        #expect(!all[1].isRunning && all[1].pid == nil && all[1].cpuSeconds == nil)
        let skew = HostMemorySkew(kdamonds: all)
        #expect(skew.runningKdamonds.map(\.index) == [0])
        #expect(skew.kdamondCPUSeconds == 12.5)
        #expect(skew.kdamondSummary == all[0].summary)
    }

    @Test func aHostWithoutDAMONHasNoKdamonds() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        let skew = HostMemorySkew.read(from: tree.root, memoryMountPoint: nil, probe: nil)
        #expect(skew.kdamonds.isEmpty && skew.kdamondCPUSeconds == nil && skew.kdamondSummary == "none")
        #expect(skew.memoryCgroups == nil && skew.emptyMemoryCgroupBytes == nil)
    }

    @Test func countsRemovedMemoryCgroupsAsTheKernelsCountBeyondTheDirectories() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/proc/cgroups", """
            #subsys_name\thierarchy\tnum_cgroups\tenabled
            cpuset\t2\t3\t1
            memory\t5\t12\t1
            pids\t9\t40\t1

            """)
        let memory = "/sys/fs/cgroup/memory"
        try tree.write("\(memory)/memory.usage_in_bytes", "0\n")
        for directory in ["cbench-app-1", "cbench/oci-1", "cbench/oci-2", "system.slice/a/b"] {
            try tree.mkdir("\(memory)/\(directory)")
            try tree.write("\(memory)/\(directory)/memory.usage_in_bytes", "0\n")
        }

        let census = try #require(MemoryCgroupCensus.read(from: tree.root, memoryMountPoint: memory))

        // The root, cbench-app-1, cbench, its two, system.slice, a and b.
        #expect(census == MemoryCgroupCensus(kernelCount: 12, liveDirectories: 8))
        #expect(census.removedNotFreed == 4)
        #expect(MemoryCgroupCensus(kernelCount: 3, liveDirectories: 5).removedNotFreed == 0)
        #expect(MemoryCgroupCensus.read(from: tree.root, memoryMountPoint: "/sys/fs/cgroup/missing") == nil)
    }

    @Test func theEmptyCgroupCostsTheSlabChangePerCgroupMadeAndLeavesNoneBehind() {
        let slab = Mutex<UInt64>(100_000_000)
        let live = Mutex<Set<String>>([])
        let probe = EmptyMemoryCgroupProbe(
            memoryMountPoint: "/sys/fs/cgroup/memory", count: 4, slabBytes: { slab.withLock { $0 } },
            make: { directory in
                live.withLock { _ = $0.insert(directory) }
                slab.withLock { $0 += 1_436_000 }
                return true
            },
            remove: { directory in live.withLock { _ = $0.remove(directory) } })

        #expect(probe.measure() == 1_436_000)
        #expect(live.withLock { $0.isEmpty })
    }

    @Test func theMapsKmalloc1kObjectsShowWhereSlabDoesNotMove() {
        let objects = Mutex<Int64>(50_000)
        let probe = EmptyMemoryCgroupProbe(
            memoryMountPoint: "/sys/fs/cgroup/memory", count: 4, slabBytes: { 1 << 30 }, kmalloc1kObjects: { objects.withLock { $0 } },
            make: { _ in objects.withLock { $0 += 1_438 }; return true }, remove: { _ in })

        // The cache's partly free pages took the maps: Slab did not move, the objects did.
        #expect(probe.measureReading() == EmptyMemoryCgroupProbe.Reading(slabBytes: 0, kmalloc1kObjects: 1_438))
        let skew = HostMemorySkew.read(from: HostRoot(prefix: "/nonexistent"), memoryMountPoint: nil, probe: probe)
        #expect(skew.emptyMemoryCgroupKmalloc1k == 1_438 && skew.markReadIds == 92_032)
    }

    @Test func readsActiveObjectsOfACacheFromSlabinfo() {
        let text = """
            slabinfo - version: 2.1
            # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor>
            kmalloc-2k          1200   1232   2048   16    8 : tunables    0    0    0 : slabdata     77     77      0
            kmalloc-1k        163840 164000   1024   32    8 : tunables    0    0    0 : slabdata   5125   5125      0
            """
        #expect(EmptyMemoryCgroupProbe.slabinfoActiveObjects(text, cache: "kmalloc-1k") == 163_840)
        #expect(EmptyMemoryCgroupProbe.slabinfoActiveObjects(text, cache: "kmalloc-512") == nil)
    }

    @Test func aCgroupThatCannotBeMadeGivesNoFigureAndTheOthersGo() {
        let live = Mutex<[String]>([])
        let probe = EmptyMemoryCgroupProbe(
            memoryMountPoint: "/sys/fs/cgroup/memory", count: 3, slabBytes: { 1 << 30 },
            make: { directory in
                live.withLock { made in
                    guard made.count < 2 else { return false }
                    made.append(directory)
                    return true
                }
            },
            remove: { directory in live.withLock { $0.removeAll { $0 == directory } } })

        #expect(probe.measure() == nil)
        #expect(live.withLock { $0.isEmpty })
    }

    @Test func theProbesCgroupsAreProjectCgroupsAtTheHierarchyRoot() {
        let made = Mutex<[String]>([])
        let probe = EmptyMemoryCgroupProbe(memoryMountPoint: "/sys/fs/cgroup/memory", count: 1, slabBytes: { 0 },
                                           make: { directory in made.withLock { $0.append(directory) }; return true }, remove: { _ in })
        _ = probe.measure()
        let name = made.withLock { $0.first }.map { String($0.split(separator: "/").last ?? "") } ?? ""
        #expect(name.hasPrefix(EmptyMemoryCgroupProbe.namePrefix))
        #expect(CgroupPaths.isTopLevelProjectGroup(name))
        #expect(made.withLock { $0.first }?.hasPrefix("/sys/fs/cgroup/memory/") == true)
    }

    @Test func theMemoryHierarchyIsTheV1MountElseTheCgroup2Tree() {
        let hybrid = HostCgroupLayout(mode: .hybrid, hierarchies: [
            HostCgroupHierarchy(version: 1, mountPoint: "/sys/fs/cgroup/cpu,cpuacct", controllers: ["cpu", "cpuacct"]),
            HostCgroupHierarchy(version: 1, mountPoint: "/sys/fs/cgroup/memory", controllers: ["memory"]),
            HostCgroupHierarchy(version: 2, mountPoint: "/sys/fs/cgroup/unified", controllers: ["hugetlb"]),
        ])
        #expect(hybrid.memoryMountPoint == "/sys/fs/cgroup/memory")
        let v2 = HostCgroupLayout(mode: .v2, hierarchies: [HostCgroupHierarchy(version: 2, mountPoint: "/sys/fs/cgroup", controllers: ["memory"])])
        #expect(v2.memoryMountPoint == "/sys/fs/cgroup")
        #expect(HostCgroupLayout(mode: .none, hierarchies: []).memoryMountPoint == nil)
    }
}
