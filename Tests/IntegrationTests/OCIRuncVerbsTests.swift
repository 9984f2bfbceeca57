import Foundation
import NamespaceCore
import Testing

/// runc's verbs that podman and Docker call beyond the lifecycle, on one running container of
/// cbench-oci itself (EngineOnCbenchOCITests drives them through the engines): exec with a
/// process file, --detach and --pid-file, ps, update, events --stats, pause and resume. Each is
/// judged by what the kernel then shows: the exec'd process's pid namespace, the cgroup files,
/// the freezer's state.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCIRuncVerbsTests {
    /// The cgroup v1 directory of `pid` for `controller` (this host's memory and pids are v1).
    static func cgroupDirectory(of pid: Int32, _ controller: String) -> String? {
        for line in FileIO.contents("/proc/\(pid)/cgroup").split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2).map(String.init)
            if fields.count == 3, fields[1].split(separator: ",").contains(Substring(controller)) {
                return "/sys/fs/cgroup/\(controller)\(fields[2])"
            }
        }
        return nil
    }

    static func json(_ text: String) -> Any? {
        text.data(using: .utf8).flatMap { try? JSONSerialization.jsonObject(with: $0) }
    }

    @Test func execPsUpdateEventsPauseAndResumeOnARunningContainer() throws {
        let h = try OCITestHarness("runcverbs")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["sleep", "60"])
        let id = h.id("verbs")
        let started = try h.oci(["run", "--detach", "--bundle", bundle, id])
        try #require(started.status == 0, "run --detach: \(started.stderr)")
        let initPid = Int32(try #require(try h.state(id)["pid"] as? Int))
        defer {
            _ = try? h.oci(["delete", "--force", id])
            h.reap(initPid)
        }

        // exec as conmon calls it: a process file, detached, its pid in a file.
        let processFile = h.workDir + "/process.json"
        let process: [String: Any] = ["args": ["sleep", "50"], "cwd": "/", "user": ["uid": 0, "gid": 0],
                                      "env": ["PATH=/bin:/usr/bin"]]
        try JSONSerialization.data(withJSONObject: process).write(to: URL(fileURLWithPath: processFile))
        let pidFile = h.workDir + "/exec.pid"
        let exec = try h.oci(["exec", "--process", processFile, "--detach", "--pid-file", pidFile, id])
        try #require(exec.status == 0, "exec: \(exec.stderr)")
        let execPid = try #require(Int32(FileIO.contents(pidFile).trimmingWhitespace()), "no pid in \(pidFile)")
        defer { h.reap(execPid) }
        let namespace = { (pid: Int32) in try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/pid") }
        #expect(namespace(execPid) != nil && namespace(execPid) == namespace(initPid), "the exec'd process is in the container's pid namespace")

        // ps --format json: the container's pids, the exec'd one included.
        let ps = try h.oci(["ps", "--format", "json", id])
        #expect(ps.status == 0, "ps: \(ps.stderr)")
        let pids = Set((Self.json(ps.stdout) as? [Int] ?? []).map(Int32.init))
        #expect(pids.isSuperset(of: [initPid, execPid]), "ps listed \(ps.stdout)")

        // update: the limits reach the container's cgroup files.
        let update = try h.oci(["update", "--memory", "64m", "--pids-limit", "50", id])
        #expect(update.status == 0, "update: \(update.stderr)")
        let memory = try #require(Self.cgroupDirectory(of: initPid, "memory"))
        let pidsDirectory = try #require(Self.cgroupDirectory(of: initPid, "pids"))
        #expect(FileIO.contents(memory + "/memory.limit_in_bytes").trimmingWhitespace() == "67108864")
        #expect(FileIO.contents(pidsDirectory + "/pids.max").trimmingWhitespace() == "50")

        // events --stats: one runc-shaped stats event that counts both processes.
        let events = try h.oci(["events", "--stats", id])
        #expect(events.status == 0, "events: \(events.stderr)")
        let event = Self.json(events.stdout) as? [String: Any] ?? [:]
        #expect(event["type"] as? String == "stats" && event["id"] as? String == id, "\(events.stdout)")
        let data = event["data"] as? [String: Any] ?? [:]
        #expect(((data["pids"] as? [String: Any])?["current"] as? Int ?? 0) >= 2, "\(events.stdout)")
        let usage = ((data["memory"] as? [String: Any])?["usage"] as? [String: Any])?["usage"] as? Int ?? 0
        #expect(usage > 0, "\(events.stdout)")

        // pause freezes every process of the container; resume lets them go.
        #expect(try h.oci(["pause", id]).status == 0)
        #expect(try h.state(id)["status"] as? String == "paused")
        let freezer = try #require(Self.cgroupDirectory(of: initPid, "freezer"))
        #expect(FileIO.contents(freezer + "/freezer.state").trimmingWhitespace() == "FROZEN")
        #expect(try h.oci(["resume", id]).status == 0)
        #expect(try h.state(id)["status"] as? String == "running")
        #expect(FileIO.contents(freezer + "/freezer.state").trimmingWhitespace() == "THAWED")

        #expect(try h.oci(["delete", "--force", id]).status == 0)
        h.reap(initPid)
        h.reap(execPid)
        #expect(h.leftovers(ids: [id]).isEmpty)
    }
}
