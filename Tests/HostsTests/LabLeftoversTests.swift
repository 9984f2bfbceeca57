#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Hosts
import NamespaceCore

@Suite struct LabLeftoversTests {
    @Test func labDownTakesTheLabsObjectsOnly() {
        let all = [
            Leftover(kind: .process, target: "10", evidence: "/sys/fs/cgroup/memory/cbench/lab/lab1", pid: 10, startTime: 1),
            Leftover(kind: .process, target: "11", evidence: "/sys/fs/cgroup/memory/cbench/oci-x", pid: 11, startTime: 1),
            Leftover(kind: .cgroup, target: "/sys/fs/cgroup/memory/cbench/lab/lab1/cbench/web", evidence: ""),
            Leftover(kind: .cgroup, target: "/sys/fs/cgroup/memory/cbench/lab", evidence: ""),
            Leftover(kind: .cgroup, target: "/sys/fs/cgroup/memory/cbench/labrador", evidence: ""),
            Leftover(kind: .networkNamespace, target: "/run/netns/cbench-lab3", evidence: ""),
            Leftover(kind: .networkNamespace, target: "/run/netns/cbench-oci1", evidence: ""),
            Leftover(kind: .link, target: "cbench-lab", evidence: ""),
            Leftover(kind: .link, target: "cbench0123abv0", evidence: ""),
            Leftover(kind: .temporaryPath, target: "/var/lib/cbench/lab", evidence: "ephemeral store"),
            Leftover(kind: .stateDirectory, target: "/run/cbench", evidence: ""),
        ]
        #expect(all.filter(LabLeftovers.isLab).map(\.target) == [
            "10", "/sys/fs/cgroup/memory/cbench/lab/lab1/cbench/web", "/sys/fs/cgroup/memory/cbench/lab",
            "/run/netns/cbench-lab3", "cbench-lab", "/var/lib/cbench/lab",
        ])
    }

    /// An app monitor inside a lab host and its container are found through the monitor, not
    /// a cgroup; their /proc/PID/cgroup puts them in the lab, and only theirs.
    @Test func anAppMonitorInsideALabHostIsTheLabs() throws {
        var template = Array("/tmp/lableftovers-XXXXXX".utf8CString)
        let directory = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories(directory + "/proc/20")
        try FileIO.makeDirectories(directory + "/proc/21")
        try FileIO.write(directory + "/proc/20/cgroup", Array("11:pids:/cbench/lab/lab2/cbench/app-1\n4:memory:/cbench/lab/lab2/cbench/app-1\n".utf8))
        try FileIO.write(directory + "/proc/21/cgroup", Array("11:pids:/cbench/app-2\n4:memory:/cbench/app-2\n".utf8))
        let root = HostRoot(prefix: directory)
        let inLab = Leftover(kind: .process, target: "20", evidence: "child of cbench-monitor 19 at /run/cbench/app/monitor.sock", pid: 20, startTime: 1)
        let onHost = Leftover(kind: .process, target: "21", evidence: "child of cbench-monitor 18 at /run/cbench/app/monitor.sock", pid: 21, startTime: 1)
        let gone = Leftover(kind: .process, target: "22", evidence: "cbench-monitor at /run/cbench/app/monitor.sock", pid: 22, startTime: 1)
        #expect(!LabLeftovers.isLab(inLab))
        #expect(LabLeftovers.livesInLab(inLab, root: root))
        #expect(!LabLeftovers.livesInLab(onHost, root: root))
        #expect(!LabLeftovers.livesInLab(gone, root: root))
    }

    @Test func theCbenchParentGoesOnlyWhenTheLabWasAllItHeld() {
        let parent = Leftover(kind: .cgroup, target: "/sys/fs/cgroup/pids/cbench", evidence: "")
        let lab = Leftover(kind: .cgroup, target: "/sys/fs/cgroup/pids/cbench/lab", evidence: "")
        let other = Leftover(kind: .cgroup, target: "/sys/fs/cgroup/pids/cbench/oci-1", evidence: "")
        #expect(LabLeftovers.emptiedParents([lab, parent]) == [parent])
        #expect(LabLeftovers.emptiedParents([other, lab, parent]).isEmpty)
        #expect(LabLeftovers.emptiedParents([parent]).isEmpty)
    }
}
