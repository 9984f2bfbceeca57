import NamespaceCoreTesting
import Testing
@testable import NamespaceCore

/// Directories in the cgroup2 tree alone, which perf's cgroup mode counts by: made, entered,
/// and found again from /proc/PID/cgroup; on the fake hosts of each mode.
struct CgroupUnifiedTests {
    @Test func onAHybridHostOnlyTheUnifiedTreeGetsTheDirectory() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        let directory = try host.makeUnifiedDirectory("cbench/dockerd")
        #expect(directory == "/sys/fs/cgroup/unified/cbench/dockerd")
        #expect(fs.isDirectory("/sys/fs/cgroup/unified/cbench/dockerd"))
        #expect(!fs.isDirectory("/sys/fs/cgroup/memory/cbench/dockerd"))
        try host.moveToUnified(4242, path: "cbench/dockerd")
        #expect(fs.writes(to: "/sys/fs/cgroup/unified/cbench/dockerd/cgroup.procs") == ["4242"])
        #expect(try host.makeUnifiedDirectory("cbench/dockerd") == directory, "a second make is fine")
    }

    @Test func onV2ItIsTheWholeTreeAndOnV1ThereIsNone() throws {
        let (v2, _) = FakeCgroupFS.sampleHost(.v2)
        #expect(v2.unifiedDirectory("cbench/host-1") == "/sys/fs/cgroup/cbench/host-1")
        let (v1, _) = FakeCgroupFS.sampleHost(.v1)
        #expect(v1.unifiedDirectory("cbench/host-1") == nil)
        #expect(throws: CoreError.self) { try v1.makeUnifiedDirectory("cbench/host-1") }
    }

    @Test func aProcessesCgroup2PathIsItsZeroLine() {
        let text = "12:memory:/process_api/x\n1:name=systemd:/\n0::/cbench/engine-cbench-1-2\n"
        #expect(CgroupHost.unifiedPath(inProcCgroup: text) == "/cbench/engine-cbench-1-2")
        #expect(CgroupHost.unifiedPath(inProcCgroup: "4:memory:/x\n") == nil)
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        fs.setFile("/proc/77/cgroup", "0::/\n")
        #expect(host.unifiedPath(ofProcess: 77) == "/")
        #expect(host.unifiedPath(ofProcess: 78) == nil)
    }
}
