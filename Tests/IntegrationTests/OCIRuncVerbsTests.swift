import Foundation
import Glibc
import NamespaceCore
import NamespaceCoreTesting
import Testing

/// cbench-oci's own runc verbs beyond the lifecycle, through the built binary on a running
/// busybox container (EngineOnCbenchOCITests drives exec, pause and resume through podman and
/// dockerd): `exec --process FILE --detach --pid-file`, `ps` (table and JSON), `events`
/// (`--stats` and the stream), `update`, `pause` and `resume`. Each is judged by what the host
/// shows (/proc, the cgroup files, the freezer) and what the container answers; ps and events,
/// which promise runc's output, beside runc's own on the same kind of bundle.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCIRuncVerbsTests {
    static let runc = "/usr/sbin/runc"

    static func json(_ text: String) -> Any? {
        text.data(using: .utf8).flatMap { try? JSONSerialization.jsonObject(with: $0) }
    }

    /// A process file as conmon writes one: no terminal, so the process's stdio is the
    /// runtime's own (runc passes it through the same way).
    static func process(_ args: [String]) -> [String: Any] {
        ["terminal": false, "args": args, "cwd": "/", "user": ["uid": 0, "gid": 0], "env": ["PATH=/bin:/usr/bin:/sbin:/usr/sbin"]]
    }

    /// The leaf paths of a JSON value ("data.memory.usage.usage"), each with whether it is a number.
    static func leaves(_ value: Any, _ path: String = "") -> [String: Bool] {
        if let object = value as? [String: Any] {
            return object.reduce(into: [:]) { found, entry in
                found.merge(leaves(entry.value, path.isEmpty ? entry.key : path + "." + entry.key)) { first, _ in first }
            }
        }
        return [path: value is NSNumber]
    }

    /// ps and events on a cbench-oci container and on a runc one of the same kind (the same
    /// default config and busybox root, an exec'd sleep beside the init): the same table header
    /// and JSON shapes, and every stats field cbench-oci prints is one runc prints, a number in
    /// both, except the OOM kill count runc 1.1 leaves out.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: runc), "runc is not installed"))
    func psAndEventsPrintRuncsFormatsBesideRuncItself() throws {
        let h = try OCITestHarness("verbs-runc")
        defer { h.tearDown() }
        let ours = h.id("ours"), theirs = h.id("runc")
        let runcRoot = h.workDir + "/runc-state"
        func runc(_ arguments: [String]) throws -> SpawnResult {
            try Spawn([Self.runc, "--root", runcRoot] + arguments,
                      stdout: .file(h.workDir + "/runc.out"), stderr: .file(h.workDir + "/runc.err")).run()
        }
        let oursPid = try h.runDetached(ours, bundle: try h.bundle("ours", args: ["sleep", "600"]))
        var oursPids = [oursPid], runcPids: [Int32] = []
        defer { h.removeForcibly(ours, reaping: oursPids) }
        let runcBundle = try h.bundle("runc", args: ["sleep", "600"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["cgroupsPath"] = nil
            config["linux"] = linux
        }
        let started = try runc(["run", "--detach", "--bundle", runcBundle, theirs])
        defer { h.runReaping([Self.runc, "--root", runcRoot, "delete", "--force", theirs], pids: runcPids) }
        try #require(started.status == 0, "runc run --detach: \(started.stderr)")
        let runcState = Self.json(try runc(["state", theirs]).stdout) as? [String: Any] ?? [:]
        runcPids.append(Int32(runcState["pid"] as? Int ?? 0))
        #expect(try runc(["exec", "--detach", theirs, "sleep", "500"]).status == 0)
        #expect(try h.oci(["exec", "--detach", ours, "sleep", "500"]).status == 0)

        let oursTable = try h.oci(["ps", ours]).stdout.split(separator: "\n")
        let runcTable = try runc(["ps", theirs]).stdout.split(separator: "\n")
        #expect(oursTable.count == 3 && runcTable.count == 3, "ps: \(oursTable) beside runc's \(runcTable)")
        #expect(oursTable.first == runcTable.first)
        let oursList = Self.json(try h.oci(["ps", "--format", "json", ours]).stdout) as? [Int]
        let runcList = Self.json(try runc(["ps", "--format", "json", theirs]).stdout) as? [Int]
        #expect(oursList?.count == 2 && runcList?.count == 2, "ps --format json: \(String(describing: oursList)) beside runc's \(String(describing: runcList))")

        let oursEvent = try #require(Self.json(try h.oci(["events", "--stats", ours]).stdout))
        let runcEvent = try #require(Self.json(try runc(["events", "--stats", theirs]).stdout))
        let runcLeaves = Self.leaves(runcEvent)
        for (path, isNumber) in Self.leaves(oursEvent) where path != "data.memory.oom_kill" {
            #expect(runcLeaves[path] == isNumber, "\(path): runc prints \(String(describing: runcLeaves[path])), a number: \(isNumber)")
        }
        #expect(runcLeaves["type"] == false && runcLeaves["id"] == false)
        let oursLeaves = Self.leaves(oursEvent)
        for path in ["data.memory.usage.limit", "data.memory.usage.failcnt", "data.memory.usage.usage", "data.pids.current"] {
            #expect(runcLeaves[path] == true && oursLeaves[path] == true, "\(path) in both")
        }
        for (path, isNumber) in Self.leaves(oursEvent) where path.hasPrefix("data.") { #expect(isNumber, "\(path)") }
        oursPids += (oursList ?? []).map(Int32.init)
        runcPids += (runcList ?? []).map(Int32.init)
    }

    @Test func execWithAProcessFileDetachesWritesItsPidAndLeavesItsExitToTheCaller() throws {
        let h = try OCITestHarness("verbs-exec")
        defer { h.tearDown() }
        let id = h.id("exec")
        let initPid = try h.runDetached(id, bundle: try h.bundle("b", args: ["sleep", "600"]))
        var execPid: Int32 = 0
        defer { h.removeForcibly(id, reaping: [initPid, execPid]) }

        let script = "echo started $$; trap 'echo stopping; exit 5' TERM; while true; do sleep 1; done"
        let processFile = try h.writeJSON(Self.process(["sh", "-c", script]), named: "detached.json")
        let pidFile = h.workDir + "/exec.pid", output = h.workDir + "/exec.out"
        let exec = try Spawn([h.binary, "--root", h.stateRoot, "exec", "--process", processFile, "--detach", "--pid-file", pidFile, id],
                             stdout: .file(output), stderr: .file(h.workDir + "/exec.err")).run()
        try #require(exec.status == 0, "exec --detach: \(exec.stderr)")
        execPid = try #require(Int32(FileIO.contents(pidFile)), "the pid file holds '\(FileIO.contents(pidFile))'")

        // The runtime returned while the process runs; it came back to the caller (the test
        // process, a subreaper, as conmon is), in the container's namespaces and cgroups.
        let stat = try #require(HostProcessStat.read(pid: execPid), "the exec'd process \(execPid) is gone")
        #expect(stat.state != "Z" && stat.parentPid == getpid(), "exec'd process: state \(stat.state), parent \(stat.parentPid)")
        for kind in ["pid", "mnt", "net", "ipc", "uts"] {
            let link = { (pid: Int32) in try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/\(kind)") }
            #expect(link(execPid) != nil && link(execPid) == link(initPid), "\(kind) namespace of the exec'd process")
        }
        #expect(FileIO.contents("/proc/\(execPid)/cgroup") == FileIO.contents("/proc/\(initPid)/cgroup"))
        // Its stdout is the runtime's: the pid it prints is its pid in the container's namespace.
        let namespacePid = FileIO.contents("/proc/\(execPid)/status").split(separator: "\n")
            .first { $0.hasPrefix("NSpid:") }?.split(separator: "\t").last.map(String.init)
        try #require(SignalDisposition.caught.waitUntilSet(SIGTERM, pid: execPid), "the shell never set its TERM trap")
        #expect(FileIO.contents(output) == "started \(namespacePid ?? "?")\n")

        #expect(kill(execPid, SIGTERM) == 0)
        #expect(h.exitStatus(of: execPid) == .exited(5), "the detached process's exit, collected by the test process")
        #expect(FileIO.contents(output).hasSuffix("stopping\n"))

        // Without --detach the runtime waits and passes the process's exit code through.
        let attached = try h.writeJSON(Self.process(["sh", "-c", "cat /proc/1/cmdline; exit 3"]), named: "attached.json")
        let waited = try h.oci(["exec", "--process", attached, id])
        #expect(waited.status == 3, "exec --process: \(waited.stderr)")
        #expect(waited.stdout == "sleep\u{0}600\u{0}")

        #expect(try h.oci(["delete", "--force", id]).status == 0)
        #expect(h.exitStatus(of: initPid) == .signaled(SIGKILL))
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    @Test func psListsTheContainersProcessesAsATableAndAsJSON() throws {
        let h = try OCITestHarness("verbs-ps")
        defer { h.tearDown() }
        let id = h.id("ps")
        let (initPid, execPid) = try h.runWithExecdSleep(id)
        defer { h.removeForcibly(id, reaping: [initPid, execPid]) }

        let json = try h.oci(["ps", "--format", "json", id])
        #expect(json.status == 0, "ps --format json: \(json.stderr)")
        let listed = try #require(Self.json(json.stdout) as? [Int], "ps --format json printed \(json.stdout)")
        #expect(Set(listed.map(Int32.init)) == [initPid, execPid])
        #expect(Set(listed.map(Int32.init)) == HostCgroupFiles(pid: initPid).processes)

        // The table is the host's `ps -ef` (runc's default) cut to the container's lines.
        let table = try h.oci(["ps", id])
        #expect(table.status == 0, "ps: \(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        let hostHeader = try Spawn(["ps", "-ef"]).run().stdout.split(separator: "\n").first.map(String.init)
        #expect(lines.first == hostHeader)
        let column = lines.first?.split(separator: " ").firstIndex(of: "PID") ?? 1
        let tablePids = lines.dropFirst().compactMap { line -> Int32? in
            let fields = line.split(separator: " ")
            return column < fields.count ? Int32(fields[column]) : nil
        }
        #expect(Set(tablePids) == [initPid, execPid] && tablePids.count == 2, "\(table.stdout)")
        #expect(lines.contains { $0.hasSuffix(" sleep 600") } && lines.contains { $0.hasSuffix(" sleep 500") }, "\(table.stdout)")

        // ps's own arguments follow the id, as with runc.
        let custom = try h.oci(["ps", id, "-o", "pid,comm"])
        #expect(custom.status == 0, "ps ID -o pid,comm: \(custom.stderr)")
        let rows = custom.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.first == ["PID", "COMMAND"])
        #expect(Set(rows.dropFirst().map { $0 }) == [["\(initPid)", "sleep"], ["\(execPid)", "sleep"]], "\(custom.stdout)")
        #expect(try h.oci(["ps", "--format", "yaml", id]).stderr.contains("--format 'yaml'"))

        // The init's death ends the exec'd process too; both are reaped here, as the init
        // cannot finish exiting before every process of its pid namespace is reaped.
        #expect(try h.oci(["kill", id, "KILL"]).status == 0)
        #expect(h.exits(of: [initPid, execPid]) == [initPid: .signaled(SIGKILL), execPid: .signaled(SIGKILL)])
        let stopped = try h.oci(["ps", id])
        #expect(stopped.status != 0 && stopped.stderr.contains("not running"), "ps of a stopped container: \(stopped.stderr)")
    }

    @Test func updateWritesTheNewLimitsIntoTheCgroupAndTheyHold() throws {
        let h = try OCITestHarness("verbs-update")
        defer { h.tearDown() }
        let id = h.id("update")
        let bundle = try h.bundle("b", args: ["sleep", "600"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            var resources = linux["resources"] as? [String: Any] ?? [:]
            resources["memory"] = ["limit": 32 << 20, "swap": 32 << 20]
            resources["pids"] = ["limit": 20]
            linux["resources"] = resources
            config["linux"] = linux
        }
        let initPid = try h.runDetached(id, bundle: bundle)
        defer { h.removeForcibly(id, reaping: [initPid]) }
        let files = HostCgroupFiles(pid: initPid)
        #expect(files.memoryLimit == "\(32 << 20)" && files.pidsLimit == "20", "the limits at create")
        let swapAccounted = files.memoryPlusSwapLimit != nil

        // Raising memory and memory+swap together: v1 takes memsw first (a memory limit above
        // memsw is EINVAL), as runc orders them.
        let raised = try h.oci(["update", "--memory", "128m", "--memory-swap", "256m", "--pids-limit", "50", id])
        #expect(raised.status == 0, "update up: \(raised.stderr)")
        #expect(files.memoryLimit == "\(128 << 20)" && files.pidsLimit == "50")
        if swapAccounted { #expect(files.memoryPlusSwapLimit == "\(256 << 20)") }
        // Lowering both: memory first, for the same rule.
        let lowered = try h.oci(["update", "--memory", "16m", "--memory-swap", "16m", id])
        #expect(lowered.status == 0, "update down: \(lowered.stderr)")
        #expect(files.memoryLimit == "\(16 << 20)")
        if swapAccounted { #expect(files.memoryPlusSwapLimit == "\(16 << 20)") }

        // -r: linux.resources JSON. A pids limit of 1 holds: the container's shell cannot fork.
        let one = try h.writeJSON(["pids": ["limit": 1]], named: "pids.json")
        #expect(try h.oci(["update", "-r", one, id]).status == 0)
        #expect(files.pidsLimit == "1")
        let forking = try h.writeJSON(Self.process(["sh", "-c", "sleep 0 & wait"]), named: "fork.json")
        let refused = try h.oci(["exec", "--process", forking, id])
        #expect(refused.status != 0 && refused.stderr.contains("fork"), "a fork past pids.max: \(refused.status) \(refused.stderr)")
        let limited = Self.json(try h.oci(["events", "--stats", id]).stdout) as? [String: Any]
        #expect(((limited?["data"] as? [String: Any])?["pids"] as? [String: Any])?["limit"] as? Int == 1, "\(String(describing: limited))")
        #expect(try h.oci(["update", "--pids-limit", "-1", id]).status == 0)
        #expect(files.pidsLimit == "max")
        let forked = try h.oci(["exec", "--process", forking, id])
        #expect(forked.status == 0, "the same fork once the limit is gone: \(forked.stderr)")

        // events reports the limits in force, where runc reports them.
        let event = Self.json(try h.oci(["events", "--stats", id]).stdout) as? [String: Any]
        let data = event?["data"] as? [String: Any]
        #expect((data?["pids"] as? [String: Any])?["limit"] == nil, "no pids limit: \(String(describing: data?["pids"]))")
        #expect(((data?["memory"] as? [String: Any])?["usage"] as? [String: Any])?["limit"] as? Int == 16 << 20)

        let bad = try h.oci(["update", "--memory", "lots", id])
        #expect(bad.status != 0 && bad.stderr.contains("--memory"), "\(bad.stderr)")
        #expect(files.memoryLimit == "\(16 << 20)", "a refused update changed nothing")
        // -1 is a value (runc's flags take it so): unlimited again, memsw first.
        let unlimited = try h.oci(["update", "--memory", "-1", "--memory-swap", "-1", id])
        #expect(unlimited.status == 0, "update --memory -1: \(unlimited.stderr)")
        #expect(files.memoryLimit == "9223372036854771712")
    }

    @Test func eventsPrintsStatsOnceAndStreamsUntilTheContainerStops() throws {
        let h = try OCITestHarness("verbs-events")
        defer { h.tearDown() }
        let id = h.id("events")
        let bundle = try h.bundle("b", args: ["sleep", "600"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["resources"] = ["memory": ["limit": 32 << 20, "swap": 32 << 20]]
            config["linux"] = linux
        }
        let initPid = try h.runDetached(id, bundle: bundle)
        var streamPid: Int32 = 0
        defer {
            if streamPid > 0 { ChildProcess.terminate(streamPid, grace: 2) }
            h.removeForcibly(id, reaping: [initPid])
        }

        let once = try h.oci(["events", "--stats", id])
        #expect(once.status == 0, "events --stats: \(once.stderr)")
        #expect(once.stdout.split(separator: "\n").count == 1, "one event: \(once.stdout)")
        let event = try #require(Self.json(once.stdout) as? [String: Any], "\(once.stdout)")
        #expect(event["type"] as? String == "stats" && event["id"] as? String == id)
        let data = event["data"] as? [String: Any] ?? [:]
        #expect((data["pids"] as? [String: Any])?["current"] as? Int == HostCgroupFiles(pid: initPid).processes.count)
        let memory = data["memory"] as? [String: Any] ?? [:]
        #expect(((memory["usage"] as? [String: Any])?["usage"] as? Int ?? 0) > 0, "\(once.stdout)")
        #expect((((data["cpu"] as? [String: Any])?["usage"] as? [String: Any])?["total"] as? Int ?? 0) > 0, "\(once.stdout)")

        // The stream: an event every interval, an oom event when the OOM killer strikes inside.
        let streamed = h.workDir + "/events.out"
        let stream = try Spawn([h.binary, "--root", h.stateRoot, "events", "--interval", "100ms", id],
                               stdout: .file(streamed), stderr: .file(h.workDir + "/events.err")).start()
        streamPid = stream.pid
        func events() -> [[String: Any]] {
            FileIO.contents(streamed).split(separator: "\n").compactMap { Self.json(String($0)) as? [String: Any] }
        }
        func waitFor(_ what: ([[String: Any]]) -> Bool) -> Bool {
            let deadline = MonotonicDeadline(seconds: 30)
            while !what(events()) && !deadline.hasPassed { usleep(20_000) }
            return what(events())
        }
        #expect(waitFor { $0.count >= 2 }, "the stream printed \(FileIO.contents(streamed))")
        let hog = try h.writeJSON(Self.process(["sh", "-c", "head -c 96m /dev/zero | tail"]), named: "hog.json")
        let killed = try h.oci(["exec", "--process", hog, id])
        #expect(killed.status == 128 + SIGKILL, "a tail holding 96 MiB under a 32 MiB limit: \(killed.status) \(killed.stderr)")
        #expect(waitFor { $0.contains { $0["type"] as? String == "oom" } }, "no oom event: \(FileIO.contents(streamed))")

        #expect(try h.oci(["kill", id, "KILL"]).status == 0)
        #expect(h.exitStatus(of: initPid) == .signaled(SIGKILL))
        let ended = h.exitStatus(of: stream.pid)
        #expect(ended == .exited(0), "the stream after its container stopped: \(String(describing: ended)) \(FileIO.contents(h.workDir + "/events.err"))")
        if ended != nil { streamPid = 0 }
        let all = events()
        #expect(all.allSatisfy { $0["id"] as? String == id && ["stats", "oom"].contains($0["type"] as? String) }, "\(FileIO.contents(streamed))")
        #expect(FileIO.contents(streamed).split(separator: "\n").count == all.count, "every line is one JSON event")
    }

    /// A detached exec's process comes back to the caller (a subreaper here, conmon in
    /// podman); when it has exited unreaped, the killed init cannot finish exiting. `delete
    /// --force` then fails within its bound naming that zombie and its parent, instead of
    /// waiting for ever (it hung so, with the test process as the parent waiting for it), and
    /// succeeds once the parent has reaped it.
    @Test func deleteForceNamesAnUnreapedProcessInsteadOfWaitingForever() throws {
        let h = try OCITestHarness("verbs-zombie")
        defer { h.tearDown() }
        let id = h.id("zombie")
        let (initPid, execPid) = try h.runWithExecdSleep(id)
        defer { h.removeForcibly(id, reaping: [initPid, execPid]) }
        #expect(kill(execPid, SIGKILL) == 0)
        let deadline = MonotonicDeadline(seconds: 10)
        while HostProcessStat.read(pid: execPid)?.state != "Z" && !deadline.hasPassed { usleep(5_000) }
        try #require(HostProcessStat.read(pid: execPid)?.state == "Z", "the killed exec'd process is not a zombie")

        let stuck = h.runReaping([h.binary, "--root", h.stateRoot, "delete", "--force", id], pids: [], seconds: 40)
        #expect(stuck.exit == .exited(1), "delete --force with an unreaped process in the namespace: \(String(describing: stuck.exit))")
        #expect(stuck.stderr.contains("ETIMEDOUT") && stuck.stderr.contains("\(execPid) (a zombie of parent \(getpid()))"), "\(stuck.stderr)")
        #expect(try h.oci(["state", id]).status == 0, "the state stays for a second delete")

        #expect(h.exits(of: [execPid, initPid]) == [execPid: .signaled(SIGKILL), initPid: .signaled(SIGKILL)])
        let deleted = try h.oci(["delete", "--force", id])
        #expect(deleted.status == 0, "delete --force once the zombie is reaped: \(deleted.stderr)")
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    @Test func pauseFreezesEveryProcessAndResumeThawsThem() throws {
        let h = try OCITestHarness("verbs-pause")
        defer { h.tearDown() }
        let id = h.id("pause")
        let (initPid, execPid) = try h.runWithExecdSleep(id)
        defer { h.removeForcibly(id, reaping: [initPid, execPid]) }
        let files = HostCgroupFiles(pid: initPid)
        #expect(files.freezerState == "THAWED")

        let paused = try h.oci(["pause", id])
        #expect(paused.status == 0, "pause: \(paused.stderr)")
        #expect(try h.state(id)["status"] as? String == "paused")
        #expect(files.freezerState == "FROZEN")
        #expect(HostCgroupFiles(pid: execPid).directory("freezer")?.path == files.directory("freezer")?.path, "the exec'd process is frozen with the init")
        let listed = try h.oci(["list", "--format", "json"])
        #expect((Self.json(listed.stdout) as? [[String: Any]])?.first { $0["id"] as? String == id }?["status"] as? String == "paused", "\(listed.stdout)")
        let again = try h.oci(["pause", id])
        #expect(again.status != 0 && again.stderr.contains("paused"), "pause twice: \(again.stderr)")
        let exec = try h.oci(["exec", id, "true"])
        #expect(exec.status != 0 && exec.stderr.contains("paused"), "exec into a paused container: \(exec.stderr)")
        #expect(files.processes == [initPid, execPid], "the refused exec left a process behind")

        let resumed = try h.oci(["resume", id])
        #expect(resumed.status == 0, "resume: \(resumed.stderr)")
        #expect(try h.state(id)["status"] as? String == "running")
        #expect(files.freezerState == "THAWED")
        let twice = try h.oci(["resume", id])
        #expect(twice.status != 0 && twice.stderr.contains("not paused"), "resume twice: \(twice.stderr)")
        #expect(try h.oci(["exec", id, "true"]).status == 0, "exec once it runs again")

        // A paused container is deleted with --force: killed, thawed so the kill lands, removed.
        #expect(try h.oci(["pause", id]).status == 0)
        let deleted = h.runReaping([h.binary, "--root", h.stateRoot, "delete", "--force", id], pids: [initPid, execPid])
        #expect(deleted.exit == .exited(0), "delete --force of a paused container: \(deleted.stderr)")
        #expect(deleted.reaped == [initPid: .signaled(SIGKILL), execPid: .signaled(SIGKILL)])
        #expect(h.leftovers(ids: [id]).isEmpty)
    }
}
