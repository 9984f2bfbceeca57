import Foundation
import Synchronization
import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// Records every cleanup step; processes "die" on SIGKILL unless told otherwise.
final class HostRecordingActions: LeftoverActions, Sendable {
    struct State {
        var log: [String] = []
        var startTimes: [Int32: UInt64] = [:]
        var busyRmdirs: [String: Int] = [:]
    }
    let state: Mutex<State>

    init(startTimes: [Int32: UInt64] = [:], busyRmdirs: [String: Int] = [:]) {
        state = Mutex(State(startTimes: startTimes, busyRmdirs: busyRmdirs))
    }

    var log: [String] { state.withLock { $0.log } }
    private func record(_ entry: String) { state.withLock { $0.log.append(entry) } }

    func startTime(of pid: Int32) -> UInt64? { state.withLock { $0.startTimes[pid] } }
    func kill(_ pid: Int32) -> CoreError? {
        state.withLock {
            $0.log.append("kill \(pid)")
            $0.startTimes[pid] = nil
        }
        return nil
    }
    func thaw(cgroup path: String) -> CoreError? { record("thaw \(path)"); return nil }
    func unmount(_ path: String) -> CoreError? { record("umount \(path)"); return nil }
    func removeDirectory(_ path: String) -> CoreError? {
        state.withLock { state -> CoreError? in
            state.log.append("rmdir \(path)")
            if let left = state.busyRmdirs[path], left > 0 {
                state.busyRmdirs[path] = left - 1
                return CoreError(stage: "rmdir \(path)", errno: EBUSY)
            }
            return nil
        }
    }
    func removeFile(_ path: String) -> CoreError? { record("unlink \(path)"); return nil }
    func removeTree(_ path: String) -> CoreError? { record("rm -r \(path)"); return nil }
    func deleteLink(_ name: String) -> CoreError? { record("ip link del \(name)"); return nil }
    func pause() {}
}

@Suite struct HostLeftoversTests {
    static let mountinfo = """
        22 1 0:21 / /proc rw - proc proc rw
        32 31 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
        41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw
        100 1 0:60 / /run/cbench/oci/a/rootfs rw - overlay overlay rw
        101 100 0:61 / /run/cbench/oci/a/rootfs/proc rw - proc proc rw
        102 1 0:62 / /tmp/cbench-x rw - tmpfs tmpfs rw
        103 1 0:63 / /var/lib/cbench/system/c1 rw - overlay overlay rw
        104 1 0:64 / /tmp/cbenchy rw - tmpfs tmpfs rw
        105 1 0:65 / /run/cbenchmark rw - tmpfs tmpfs rw
        106 1 0:66 / /var/lib/other/cbench rw - tmpfs tmpfs rw
        107 1 0:67 / /run/cbench/oci/a/rootfs rw - tmpfs tmpfs rw
        108 1 4:1 / /run/netns/cbench-n1 rw - nsfs nsfs rw
        109 100 0:32 / /run/cbench/oci/a/rootfs/sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
        """

    /// /proc/PID/stat with the given start time; the command name has spaces and a parenthesis.
    static func stat(pid: Int32, state: String = "S", startTime: UInt64) -> String {
        "\(pid) (sleep (x) y) \(state) 1 \(pid) \(pid + 1) 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 \(startTime) 1000 50 0\n"
    }

    static func makeTree() throws -> HostFakeTree {
        let tree = try HostFakeTree()
        try tree.write("/run/cbench/oci/a/state.json", #"{"id":"a","pid":4242,"pidStartTime":777,"bundle":"/b"}"#)
        try tree.write("/run/cbench/oci/b/state.json", #"{"id":"b","pid":4343,"pidStartTime":1}"#)
        try tree.write("/run/cbench/oci/c/state.json", #"{"id":"c","pid":4444}"#)
        try tree.write("/proc/4242/stat", stat(pid: 4242, startTime: 777))
        try tree.write("/proc/4343/stat", stat(pid: 4343, startTime: 999))
        try tree.write("/proc/4444/stat", stat(pid: 4444, startTime: 5))
        try tree.write("/proc/5555/stat", stat(pid: 5555, startTime: 55))
        try tree.write("/proc/6666/stat", stat(pid: 6666, state: "Z", startTime: 66))
        try tree.write("/sys/fs/cgroup/memory/cbench/oci-a/cgroup.procs", "4242\n5555\n6666\n")
        try tree.mkdir("/sys/fs/cgroup/memory/cbench/oci-a/inner")
        try tree.mkdir("/sys/fs/cgroup/unified/cbench")
        try tree.mkdir("/sys/fs/cgroup/memory/other")
        try tree.mkdir("/run/cbench/oci/a/rootfs/sys/fs/cgroup/memory/cbench/oci-a")
        try tree.write("/run/netns/cbench-n1", "")
        try tree.write("/run/netns/podman-1", "")
        for name in ["cbench0", "cbenchveth1", "eth0", "lo"] { try tree.mkdir("/sys/class/net/\(name)") }
        try tree.mkdir("/tmp/cbench-x")
        try tree.write("/tmp/cbench-log.txt", "")
        try tree.mkdir("/tmp/other")
        try tree.mkdir("/tmp/cbench")
        try tree.mkdir("/var/lib/cbench/rootfs/busybox/bin")
        try tree.mkdir("/var/lib/cbench/rootfs/busybox.partial.Ab12")
        try tree.mkdir("/var/lib/cbench/rootfs/busybox.tmp")
        try tree.mkdir("/var/lib/cbench/criu-forky")
        try tree.mkdir("/var/lib/cbench/stacks/wiki/debs")
        try tree.mkdir("/var/lib/cbench/stacks/wiki/layout.partial.77")
        return tree
    }

    /// App containers' cgroups sit at the hierarchy's root (`cbench-app-ID`): found with what is
    /// inside them and the processes they hold; a root directory without the dashed prefix is not.
    @Test func findsTopLevelProjectCgroupsAndTheirProcesses() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/proc/7777/stat", Self.stat(pid: 7777, startTime: 77))
        try tree.write("/sys/fs/cgroup/memory/cbench-app-0123456789ab/cgroup.procs", "7777\n")
        try tree.mkdir("/sys/fs/cgroup/unified/cbench-app-0123456789ab/init.scope")
        for foreign in ["cbenchx", "cbench-", "system.slice"] { try tree.mkdir("/sys/fs/cgroup/memory/\(foreign)") }
        let cgroupMounts = Self.mountinfo.split(separator: "\n").filter { $0.contains(" /sys/fs/cgroup/") }.joined(separator: "\n")
        let found = Leftovers.find(root: tree.root, mountinfo: cgroupMounts, owners: [])
        #expect(found.map { "\($0.kind.rawValue) \($0.target)" } == [
            "process 7777",
            "cgroup /sys/fs/cgroup/unified/cbench-app-0123456789ab/init.scope",
            "cgroup /sys/fs/cgroup/memory/cbench-app-0123456789ab",
            "cgroup /sys/fs/cgroup/unified/cbench-app-0123456789ab",
        ])
        #expect(found.first?.evidence == "/sys/fs/cgroup/memory/cbench-app-0123456789ab")
    }

    @Test func findsOnlyWhatCarriesCbenchInRemovalOrder() throws {
        let tree = try Self.makeTree()
        defer { tree.remove() }
        let found = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo)
        let lines = found.map { "\($0.kind.rawValue) \($0.target)" }
        #expect(lines == [
            "process 4242",
            "process 5555",
            "mount /run/cbench/oci/a/rootfs/sys/fs/cgroup/memory",
            "mount /run/cbench/oci/a/rootfs/proc",
            "mount /run/cbench/oci/a/rootfs",
            "mount /var/lib/cbench/system/c1",
            "mount /run/cbench/oci/a/rootfs",
            "mount /tmp/cbench-x",
            "cgroup /sys/fs/cgroup/memory/cbench/oci-a/inner",
            "cgroup /sys/fs/cgroup/memory/cbench/oci-a",
            "cgroup /sys/fs/cgroup/memory/cbench",
            "cgroup /sys/fs/cgroup/unified/cbench",
            "networkNamespace /run/netns/cbench-n1",
            "link cbench0",
            "link cbenchveth1",
            "stateDirectory /run/cbench",
            "temporaryPath /tmp/cbench-log.txt",
            "temporaryPath /tmp/cbench-x",
            "temporaryPath /var/lib/cbench/rootfs/busybox.partial.Ab12",
            "temporaryPath /var/lib/cbench/rootfs/busybox.tmp",
            "temporaryPath /var/lib/cbench/stacks/wiki/layout.partial.77",
        ])
        // Stacked mounts on one point: the newer one (id 107) goes first.
        #expect(found[4].evidence == "tmpfs" && found[6].evidence == "overlay")
        #expect(found[0].evidence == "/run/cbench/oci/a/state.json" && found[0].startTime == 777)
        #expect(found[1].evidence == "/sys/fs/cgroup/memory/cbench/oci-a" && found[1].startTime == 55)
        #expect(found.allSatisfy { $0.isOurs })
    }

    /// A live `cbench run` (pid 7777) owns oci/a and /tmp/cbench-x: none of it is a leftover while
    /// it runs, nor are /run/cbench and the cbench parent cgroups; a dead owner's record counts
    /// for nothing.
    @Test func whatALiveCbenchProcessOwnsIsLeftAlone() throws {
        let tree = try Self.makeTree()
        defer { tree.remove() }
        try tree.write("/proc/7777/stat", Self.stat(pid: 7777, startTime: 70))
        try tree.write("/run/cbench/owners/7777-70-run-a", "7777 70 run\noci/a\noci-a\n/tmp/cbench-x\n")
        try tree.write("/run/cbench/owners/8888-80-run-b", "8888 80 run\nsystem/c1\n")
        try tree.write("/run/cbench/owners/9999-90-run-c", "not a record\n")
        #expect(LiveOwners.live(root: tree.root).map(\.pid) == [7777])
        #expect(OwnerRecord(text: OwnerRecord(pid: 1, pidStartTime: 2, role: "docker", tags: ["/run/cbench/docker"]).text)?.tags == ["/run/cbench/docker"])
        let lines = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo).map { "\($0.kind.rawValue) \($0.target)" }
        #expect(lines == [
            "mount /var/lib/cbench/system/c1",
            "networkNamespace /run/netns/cbench-n1",
            "link cbench0",
            "link cbenchveth1",
            "temporaryPath /tmp/cbench-log.txt",
            "temporaryPath /var/lib/cbench/rootfs/busybox.partial.Ab12",
            "temporaryPath /var/lib/cbench/rootfs/busybox.tmp",
            "temporaryPath /var/lib/cbench/stacks/wiki/layout.partial.77",
        ])
        // Once the owner is gone, all of it is a leftover again.
        try tree.write("/proc/7777/stat", Self.stat(pid: 7777, startTime: 71))
        #expect(Leftovers.find(root: tree.root, mountinfo: Self.mountinfo).contains { $0.target == "/tmp/cbench-x" })
    }

    @Test func aLiveOwnerSparesOnlyEachHierarchysOwnCbenchParent() {
        let owner = OwnerRecord(pid: 7777, pidStartTime: 70, role: "run", tags: ["cbench-run-a"])
        let found = ["/sys/fs/cgroup/memory/cbench", "/sys/fs/cgroup/memory/cbench/lab/lab1/cbench", "/sys/fs/cgroup/memory/cbench/lab/lab1"]
            .map { Leftover(kind: .cgroup, target: $0, evidence: "") }
        #expect(Leftovers.sparing(found, owners: [owner]).map(\.target)
                == ["/sys/fs/cgroup/memory/cbench/lab/lab1/cbench", "/sys/fs/cgroup/memory/cbench/lab/lab1"])
    }

    @Test func aReusedPidOrAMissingStartTimeIsNeverAProcessLeftover() throws {
        let tree = try Self.makeTree()
        defer { tree.remove() }
        let pids = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo).compactMap(\.pid)
        #expect(!pids.contains(4343), "recorded start time 1, running one 999: another process")
        #expect(!pids.contains(4444), "no recorded start time")
        #expect(!pids.contains(6666), "a zombie needs no signal")
    }

    @Test func removesInOrderAndThawsBeforeKilling() throws {
        let tree = try Self.makeTree()
        defer { tree.remove() }
        let found = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo)
        let actions = HostRecordingActions(startTimes: [4242: 777, 5555: 55],
                                           busyRmdirs: ["/sys/fs/cgroup/memory/cbench/oci-a": 2])
        let outcomes = Leftovers.remove(found, actions: actions)
        #expect(outcomes.allSatisfy { $0.error == nil })
        let log = actions.log
        #expect(Array(log.prefix(6)) == [
            "thaw /sys/fs/cgroup/memory/cbench/oci-a/inner",
            "thaw /sys/fs/cgroup/memory/cbench/oci-a",
            "thaw /sys/fs/cgroup/memory/cbench",
            "thaw /sys/fs/cgroup/unified/cbench",
            "kill 4242",
            "kill 5555",
        ])
        #expect(log.filter { $0 == "rmdir /sys/fs/cgroup/memory/cbench/oci-a" }.count == 3, "retried while EBUSY")
        let firstUmount = try #require(log.firstIndex { $0.hasPrefix("umount") })
        let firstRmdir = try #require(log.firstIndex { $0.hasPrefix("rmdir") })
        #expect(firstUmount < firstRmdir)
        #expect(log.contains("umount /run/netns/cbench-n1") && log.contains("unlink /run/netns/cbench-n1"))
        #expect(log.contains("ip link del cbench0"))
        #expect(log.suffix(2) == ["rm -r /var/lib/cbench/rootfs/busybox.tmp", "rm -r /var/lib/cbench/stacks/wiki/layout.partial.77"])
        #expect(!log.contains { $0.contains("criu-forky") || $0.contains("rootfs/busybox/") || $0.hasSuffix("rootfs/busybox") || $0.contains("wiki/debs") })
    }

    @Test func keepsDeepestFirstWhateverTheInputOrder() throws {
        let tree = try Self.makeTree()
        defer { tree.remove() }
        let found = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo)
        let actions = HostRecordingActions(startTimes: [4242: 777, 5555: 55])
        _ = Leftovers.remove(found.reversed(), actions: actions)
        let log = actions.log
        let kinds = log.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        // Kind order holds: all thaws, kills, umounts, then rmdirs.
        #expect(kinds.prefix(11) == ["thaw", "thaw", "thaw", "thaw", "kill", "kill", "umount", "umount", "umount", "umount", "umount"])
        #expect(log.firstIndex(of: "umount /run/cbench/oci/a/rootfs/proc")! < log.firstIndex(of: "umount /run/cbench/oci/a/rootfs")!)
        let rmdirs = log.filter { $0.hasPrefix("rmdir") }
        #expect(rmdirs.first == "rmdir /sys/fs/cgroup/memory/cbench/oci-a/inner")
        #expect(rmdirs.firstIndex(of: "rmdir /sys/fs/cgroup/memory/cbench/oci-a")!
            < rmdirs.firstIndex(of: "rmdir /sys/fs/cgroup/memory/cbench")!)
    }

    @Test func doesNotKillWhenThePidWasReusedSinceItWasFound() {
        let item = Leftover(kind: .process, target: "4242", evidence: "/run/cbench/oci/a/state.json", pid: 4242, startTime: 777)
        let actions = HostRecordingActions(startTimes: [4242: 778])
        let outcomes = Leftovers.remove([item], actions: actions)
        #expect(outcomes.first?.error == nil)
        #expect(actions.log.isEmpty)
    }

    @Test func refusesAnythingWithoutCbenchInIt() {
        let items = [
            Leftover(kind: .temporaryPath, target: "/tmp/other", evidence: ""),
            Leftover(kind: .mount, target: "/run/netns/podman-1", evidence: ""),
            Leftover(kind: .link, target: "eth0", evidence: ""),
            Leftover(kind: .process, target: "1", evidence: "/run/user/state.json", pid: 1, startTime: 1),
        ]
        let actions = HostRecordingActions(startTimes: [1: 1])
        let outcomes = Leftovers.remove(items, actions: actions)
        #expect(outcomes.allSatisfy { $0.error?.errno == EPERM })
        #expect(actions.log.isEmpty)
    }

    @Test func scansPidAndStartTimeKeysExactly() {
        let record = HostStateFile.recordedProcess(in: #"{"pidStartTime": 12, "x": {"pid" : 34}}"#, file: "/run/cbench/s.json")
        #expect(record == HostRecordedProcess(pid: 34, startTime: 12, stateFile: "/run/cbench/s.json"))
        #expect(HostStateFile.recordedProcess(in: #"{"pid": -3}"#, file: "f") == nil)
        #expect(HostStateFile.recordedProcess(in: #"{"pids": 3}"#, file: "f") == nil)
    }

    @Test func parsesProcStatAfterTheLastParenthesis() {
        let stat = HostProcessStat.parse(Self.stat(pid: 7, state: "R", startTime: 123456))
        #expect(stat == HostProcessStat(command: "sleep (x) y", state: "R", parentPid: 1, session: 8, startTime: 123456))
        #expect(HostProcessStat.parse("7 (short) S 1") == nil)
    }

    @Test func removesARealTreeWithoutFollowingSymlinks() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/outside/keep.txt", "keep")
        try tree.write("/tmp/cbench-t/a/b/file", "x")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/tmp/cbench-t/a/link",
                                                   withDestinationPath: tree.path + "/outside")
        let actions = SystemLeftoverActions(root: tree.root)
        #expect(actions.removeTree("/tmp/cbench-t") == nil)
        #expect(!tree.exists("/tmp/cbench-t"))
        #expect(tree.exists("/outside/keep.txt"))
        #expect(actions.removeTree("/tmp/cbench-t") == nil, "already gone counts as removed")
    }
}
