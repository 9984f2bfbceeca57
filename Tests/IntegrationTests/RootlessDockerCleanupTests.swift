import Glibc
import NamespaceCore
@testable import Scenarios
@testable import Targets
import Testing

/// `cbench cleanup` after a run crashed during a rootless Docker start: the rootless dockerd,
/// its containerd and rootlesskit that the run left running (recorded under
/// /run/cbench/rootless-docker, no live owner) are found as leftovers and ended by pid.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0 && RealTargetHost.installed("/usr/bin/docker") && RealTargetHost.installed("/usr/sbin/dockerd")
                                             && RealTargetHost.installed("/usr/bin/rootlesskit") && getpwnam(RootlessUser.defaultName) != nil,
                                             "needs root, docker.io, rootlesskit and the cbench-rootless user (Scripts/setup)"))
struct RootlessDockerCleanupTests {
    @Test func cleanupEndsACrashedRunsRootlessDockerdAndRootlesskit() throws {
        let user = try RootlessUser.find()
        let directory = "/tmp/cbench-rootless-cleanup-test-\(getpid())"
        try user.makeDirectory(directory)
        #expect(chmod(directory, 0o711) == 0)
        let daemon = RootlessDockerDaemon(user: user, directory: directory, client: "/usr/bin/docker")
        var pids: [pid_t] = []
        defer {
            daemon.stop(pids)
            RootlessStartRow.endProcesses(of: user)
            try? FileIO.removeTree(directory)
        }
        let script = try #require(RootlessDockerDaemon.script())
        pids = try daemon.start(script: script).pids
        let startTimes = pids.map { ProcessLiveness.startTime(of: $0) }
        // The run "crashes" here: nothing stops the daemon, and cleanup finds it by its records.
        let found = Leftovers.find().filter { $0.kind == .process && $0.evidence.hasPrefix(daemon.recordDirectory + "/") }
        #expect(Set(found.compactMap(\.pid)) == Set(pids), "found \(found.map(\.summary)), started \(pids)")
        #expect(found.contains { $0.evidence.hasSuffix("/rootlesskit.json") } && found.contains { $0.evidence.hasSuffix("/dockerd.json") })
        let outcomes = Leftovers.remove(found, actions: SystemLeftoverActions())
        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes)")
        _ = ChildProcess.exited(pids[0])  // rootlesskit is this process's child: reap it
        for (pid, startTime) in zip(pids, startTimes) {
            let start = try #require(startTime)
            #expect(ProcessLiveness.waitUntilGone(pid: pid, startTime: start, timeoutMilliseconds: 10_000), "pid \(pid) still runs")
        }
    }
}
