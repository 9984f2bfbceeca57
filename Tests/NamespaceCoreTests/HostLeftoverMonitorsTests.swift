import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// `cbench cleanup` ends the store's monitors and the launchers they run, before the
/// containers, so no launch a dead requester left under way finishes behind its back.
@Suite struct HostLeftoverMonitorsTests {
    static func stat(pid: Int32, command: String, parent: Int32, state: String = "S", startTime: UInt64) -> String {
        "\(pid) (\(command)) \(state) \(parent) \(pid) \(pid) 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 \(startTime) 1000 50 0\n"
    }

    static func makeTree() throws -> HostFakeTree {
        let tree = try HostFakeTree()
        try tree.write("/proc/700/stat", stat(pid: 700, command: "cbench-monitor", parent: 1, startTime: 70))
        try tree.write("/proc/700/cmdline", "/opt/cbench-monitor\0/run/cbench/run/42-ab/app-cli/monitor.sock\0/run/cbench/run/42-ab/app-cli/monitor.lock\0")
        try tree.write("/proc/701/stat", stat(pid: 701, command: "cbench", parent: 700, startTime: 71))
        try tree.write("/proc/702/stat", stat(pid: 702, command: "sleep", parent: 700, startTime: 72))
        try tree.write("/proc/703/stat", stat(pid: 703, command: "cbench", parent: 700, state: "Z", startTime: 73))
        try tree.write("/proc/800/stat", stat(pid: 800, command: "cbench", parent: 1, startTime: 80))
        try tree.write("/proc/900/stat", stat(pid: 900, command: "cbench-monitorx", parent: 1, startTime: 90))
        try tree.write("/sys/fs/cgroup/unified/cbench/app-a/cgroup.procs", "702\n")
        return tree
    }

    static let mountinfo = "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"

    @Test func findsEachMonitorAfterItsChildrenAndBeforeTheCgroupsProcesses() throws {
        let tree = try Self.makeTree()
        defer { tree.remove() }
        let processes = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo).filter { $0.kind == .process }
        #expect(processes.map(\.target) == ["701", "702", "700"], "the zombie, a lone cbench and another name are not monitors")
        #expect(processes.map(\.startTime) == [71, 72, 70])
        #expect(processes.allSatisfy { $0.isOurs })
    }

    @Test func killsTheLaunchersThenTheMonitor() throws {
        let tree = try Self.makeTree()
        defer { tree.remove() }
        let found = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo)
        let actions = HostRecordingActions(startTimes: [700: 70, 701: 71, 702: 72])
        #expect(Leftovers.remove(found, actions: actions).allSatisfy { $0.error == nil })
        #expect(actions.log.filter { $0.hasPrefix("kill") } == ["kill 701", "kill 702", "kill 700"])
    }

    @Test func aLiveOwnersMonitorAndItsLaunchersAreSparedByTheTagOfTheirRunRoot() throws {
        let tree = try Self.makeTree()
        defer { tree.remove() }
        let owner = OwnerRecord(pid: 42, pidStartTime: 1, role: "run", tags: ["42-ab"])
        let processes = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo, owners: [owner]).filter { $0.kind == .process }
        #expect(processes.isEmpty, "the monitor and its children (launcher, adopted container) are the owner's")
        let unowned = Leftovers.find(root: tree.root, mountinfo: Self.mountinfo, owners: []).filter { $0.kind == .process }
        #expect(unowned.first { $0.target == "700" }?.evidence == "cbench-monitor at /run/cbench/run/42-ab/app-cli/monitor.sock")
    }
}
