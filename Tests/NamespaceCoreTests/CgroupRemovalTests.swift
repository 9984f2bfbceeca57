import NamespaceCore
import NamespaceCoreTesting
import Testing

@Suite struct CgroupRemovalTests {
    @Test func memoryPeakReadsTheFileOfEachMode() throws {
        let (v1, v1FS) = FakeCgroupFS.sampleHost(.v1)
        _ = try Cgroup.create(path: "cbench/oci-1", host: v1)
        v1FS.setFile("/sys/fs/cgroup/memory/cbench/oci-1/memory.max_usage_in_bytes", "1048576\n")
        #expect(Cgroup.memoryPeak(path: "cbench/oci-1", host: v1) == 1_048_576)

        let (v2, v2FS) = FakeCgroupFS.sampleHost(.v2)
        _ = try Cgroup.create(path: "cbench/oci-1", host: v2)
        v2FS.setFile("/sys/fs/cgroup/cbench/oci-1/memory.peak", "8192\n")
        #expect(Cgroup.memoryPeak(path: "cbench/oci-1", host: v2) == 8192)
        #expect(Cgroup.memoryPeak(path: "cbench/gone", host: v2) == nil)
    }

    @Test func removeAbandonedTakesSubCgroupsFirstAndTheParentOnlyWhenLastOut() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        _ = try Cgroup.create(path: "cbench/lxc-1", host: host)
        _ = try Cgroup.create(path: "cbench/lxc-2", host: host)
        fs.addDirectory("/sys/fs/cgroup/unified/cbench/lxc-1/lxc.pivot")
        Cgroup.removeAbandoned(path: "cbench/lxc-1", host: host)
        #expect(fs.directories(below: "/sys/fs/cgroup").filter { $0.contains("lxc-1") } == [])
        #expect(fs.isDirectory("/sys/fs/cgroup/unified/cbench"), "lxc-2 is still inside")
        let removed = fs.operations.compactMap { operation -> String? in
            if case .rmdir(let path) = operation { return path }
            return nil
        }
        let pivot = try #require(removed.firstIndex(of: "/sys/fs/cgroup/unified/cbench/lxc-1/lxc.pivot"))
        let leaf = try #require(removed.firstIndex(of: "/sys/fs/cgroup/unified/cbench/lxc-1"))
        #expect(pivot < leaf)
        Cgroup.removeAbandoned(path: "cbench/lxc-2", host: host)
        #expect(fs.directories(below: "/sys/fs/cgroup").filter { $0.hasSuffix("/cbench") || $0.contains("/cbench/") } == [],
                "the last one out removes the project parent in every hierarchy")
    }

    /// The cgroup2-only directory dockerd is counted by (hybrid): made with its parent, and
    /// its owner's removal leaves no empty /sys/fs/cgroup/unified/cbench behind.
    @Test func aUnifiedOnlyDirectoryLeavesNoEmptyParent() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        #expect(try host.makeUnifiedDirectory("cbench/dockerd") == "/sys/fs/cgroup/unified/cbench/dockerd")
        #expect(try host.makeUnifiedDirectory("cbench/dockerd") == "/sys/fs/cgroup/unified/cbench/dockerd", "made twice is fine")
        #expect(Cgroup.removeAbandoned(path: "cbench/dockerd", host: host))
        #expect(!fs.isDirectory("/sys/fs/cgroup/unified/cbench"))
    }

    /// A level still busy as the runtime's monitor leaves (LXC after lxc-stop) is tried again.
    @Test func removeAbandonedTriesABusyLevelAgain() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        _ = try Cgroup.create(path: "cbench/lxc-1", host: host)
        fs.addDirectory("/sys/fs/cgroup/unified/cbench/lxc-1/lxc.pivot")
        fs.makeBusy("/sys/fs/cgroup/unified/cbench/lxc-1/lxc.pivot", times: 2)
        #expect(Cgroup.removeAbandoned(path: "cbench/lxc-1", host: host))
        #expect(fs.directories(below: "/sys/fs/cgroup").filter { $0.contains("lxc-1") } == [])
    }

    @Test func removeAbandonedRefusesAPathThatLeavesTheHierarchy() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        _ = try Cgroup.create(path: "cbench/oci-1", host: host)
        #expect(!Cgroup.removeAbandoned(path: "cbench/oci-1/../..", host: host))
        #expect(!Cgroup.removeAbandoned(path: "", host: host))
        #expect(fs.isDirectory("/sys/fs/cgroup/cbench/oci-1"))
    }

    /// remove() of a container's cgroup whose init made groups inside takes them first; a
    /// parent level it owns that another container still uses is left, and so are that
    /// container's groups.
    @Test func removeTakesTheInitsNestedGroupsButNeverAnotherContainers() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/sys-1", host: host)
        fs.addDirectory("/sys/fs/cgroup/cbench/sys-1/init.scope")
        fs.addDirectory("/sys/fs/cgroup/cbench/sys-1/system.slice/cron.service")
        fs.addDirectory("/sys/fs/cgroup/cbench/other/init.scope")
        try? cgroup.remove()
        #expect(!fs.isDirectory("/sys/fs/cgroup/cbench/sys-1"))
        #expect(fs.isDirectory("/sys/fs/cgroup/cbench/other/init.scope"))
    }

    @Test func nestedGroupsGoDeepestFirstAndTheCgroupStays() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/sys-1", host: host)
        fs.addDirectory("/sys/fs/cgroup/cbench/sys-1/init.scope")
        fs.addDirectory("/sys/fs/cgroup/cbench/sys-1/system.slice")
        fs.addDirectory("/sys/fs/cgroup/cbench/sys-1/system.slice/cron.service")
        try cgroup.removeNestedGroups()
        #expect(fs.directories(below: "/sys/fs/cgroup/cbench/sys-1") == [])
        #expect(fs.isDirectory("/sys/fs/cgroup/cbench/sys-1"))
    }
}
