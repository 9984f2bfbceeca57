import Foundation
import Testing
import NamespaceCore
import NamespaceCoreTesting

/// The runc-compatible command line, run for real on the busybox root filesystem.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCILifecycleTests {
    @Test func runPassesTheExitCodeThroughAndLeavesNothing() throws {
        let h = try OCITestHarness("exit")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["sh", "-c", "echo out; echo err >&2; exit 7"])
        let outcome = try h.oci(["run", "--bundle", bundle, h.id("exit-7")])
        #expect(outcome.status == 7)
        #expect(outcome.stdout == "out\n")
        #expect(outcome.stderr == "err\n")
        #expect(h.leftovers(ids: [h.id("exit-7")]).isEmpty)
    }

    @Test func runReportsADeathBySignalAs128PlusN() throws {
        let h = try OCITestHarness("signal")
        defer { h.tearDown() }
        // Without a pid namespace: an init ignores SIGKILL sent from inside its own namespace.
        let bundle = try h.bundle("b", args: ["sh", "-c", "kill -KILL $$"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["namespaces"] = (linux["namespaces"] as? [[String: Any]] ?? []).filter { $0["type"] as? String != "pid" }
            config["linux"] = linux
        }
        #expect(try h.oci(["run", "--bundle", bundle, h.id("sig")]).status == 137)
        #expect(h.leftovers(ids: [h.id("sig")]).isEmpty)
    }

    @Test func createStartStateKillDelete() throws {
        let h = try OCITestHarness("lifecycle")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["sleep", "60"])
        let pidFile = h.workDir + "/pid"
        let created = try h.oci(["create", "--bundle", bundle, "--pid-file", pidFile, h.id("life")])
        #expect(created.status == 0, "\(created.stderr)")
        let state = try h.state(h.id("life"))
        #expect(state["status"] as? String == "created")
        #expect(state["id"] as? String == h.id("life"))
        #expect(state["bundle"] as? String == bundle)
        let pid = state["pid"] as? Int32 ?? Int32(state["pid"] as? Int ?? 0)
        #expect(pid > 0)
        #expect((try? String(contentsOfFile: pidFile, encoding: .utf8)) == "\(pid)")
        // The process waits at the start gate: it has not exec'd sleep yet.
        let comm = try String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)
        #expect(!comm.hasPrefix("sleep"))

        #expect(try h.oci(["start", h.id("life")]).status == 0)
        #expect(try h.state(h.id("life"))["status"] as? String == "running")
        #expect(try h.oci(["start", h.id("life")]).stderr.contains("already running"))
        #expect(try h.oci(["delete", h.id("life")]).stderr.contains("running"))

        #expect(try h.oci(["kill", h.id("life"), "KILL"]).status == 0)
        h.reap(pid)
        #expect(try h.state(h.id("life"))["status"] as? String == "stopped")
        let listed = try h.oci(["list", "--quiet"])
        #expect(listed.stdout.contains(h.id("life")))
        #expect(try h.oci(["delete", h.id("life")]).status == 0)
        #expect(try h.oci(["state", h.id("life")]).status != 0)
        #expect(h.leftovers(ids: [h.id("life")]).isEmpty)
    }

    /// The trap answers with its own exit code, so a signal that never reached it (or a
    /// default action) cannot pass; names with and without SIG and the number all work.
    @Test(arguments: ["SIGUSR1", "USR1", "10"])
    func killTakesSignalNamesAndNumbers(signal: String) throws {
        let h = try OCITestHarness("killnames")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["sh", "-c", "trap 'exit 42' USR1; while true; do sleep 1; done"])
        #expect(try h.oci(["run", "--detach", "--bundle", bundle, h.id("k")]).status == 0)
        let pid = Int32(try h.state(h.id("k"))["pid"] as? Int ?? 0)
        try #require(SignalDisposition.caught.waitUntilSet(SIGUSR1, pid: pid), "the shell never set its USR1 trap")
        let killed = try h.oci(["kill", h.id("k"), signal])
        #expect(killed.status == 0, "kill \(signal): \(killed.stderr)")
        let status = try #require(h.waitStatus(pid), "the container init did not come back to the test process")
        #expect(status & 0x7f == 0 && (status >> 8) & 0xff == 42, "wait status \(status): the trap did not run")
        #expect(try h.state(h.id("k"))["status"] as? String == "stopped")
        let unknown = try h.oci(["kill", h.id("k"), "NOSUCH"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("NOSUCH"))
        #expect(try h.oci(["delete", h.id("k")]).status == 0)
        #expect(h.leftovers(ids: [h.id("k")]).isEmpty)
    }

    @Test func deleteForceKillsARunningContainer() throws {
        let h = try OCITestHarness("force")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["sleep", "60"])
        #expect(try h.oci(["run", "-d", "--bundle", bundle, h.id("f")]).status == 0)
        let pid = Int32(try h.state(h.id("f"))["pid"] as? Int ?? 0)
        let deleted = try h.oci(["delete", "--force", h.id("f")])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        h.reap(pid)
        #expect(h.leftovers(ids: [h.id("f")]).isEmpty)
    }

    /// An init that makes cgroups inside its own (systemd: init.scope, system.slice) and moves
    /// into one: `delete --force` removes them, deepest first, as runc does.
    @Test func deleteRemovesTheCgroupsTheContainerMadeInsideItsOwn() throws {
        let h = try OCITestHarness("nested")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["sleep", "60"])
        #expect(try h.oci(["run", "-d", "--bundle", bundle, h.id("n")]).status == 0)
        let pid = Int32(try h.state(h.id("n"))["pid"] as? Int ?? 0)
        // Its cgroup's path, as the memory line of /proc/PID/cgroup names it, in every hierarchy.
        let lines = try String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8).split(separator: "\n")
        let path = try #require(lines.first { $0.split(separator: ":")[1] == "memory" }?.split(separator: ":").last.map(String.init))
        let own = try FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")
            .map { "/sys/fs/cgroup/\($0)\(path)" }
            .filter { FileManager.default.fileExists(atPath: $0) }
        try #require(path.contains(h.id("n")) && !own.isEmpty, "the container's cgroup: \(path), found: \(own)")
        for directory in own {
            try FileManager.default.createDirectory(atPath: "\(directory)/system.slice/job.service", withIntermediateDirectories: true)
            // cpuset levels need cpus and mems before a task can join; the init stays put there.
            if !FileManager.default.fileExists(atPath: "\(directory)/cpuset.cpus") {
                try String(pid).write(toFile: "\(directory)/system.slice/job.service/cgroup.procs", atomically: false, encoding: .utf8)
            }
        }
        let deleted = try h.oci(["delete", "--force", h.id("n")])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        h.reap(pid)
        #expect(own.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "\(own)")
        #expect(h.leftovers(ids: [h.id("n")]).isEmpty)
    }

    @Test func stdinPassesStraightThrough() throws {
        let h = try OCITestHarness("stdio")
        defer { h.tearDown() }
        let input = h.workDir + "/input"
        try "piped line\n".write(toFile: input, atomically: false, encoding: .utf8)
        let bundle = try h.bundle("b", args: ["cat"])
        let outcome = try h.oci(["run", "--bundle", bundle, h.id("cat")], stdinPath: input)
        #expect(outcome.stdout == "piped line\n")
    }

    @Test func aDuplicateIdIsRefusedAndTheFirstContainerSurvives() throws {
        let h = try OCITestHarness("dup")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["sleep", "60"])
        #expect(try h.oci(["create", "--bundle", bundle, h.id("same")]).status == 0)
        let second = try h.oci(["create", "--bundle", bundle, h.id("same")])
        #expect(second.status != 0)
        #expect(second.stderr.contains("already exists"))
        #expect(try h.state(h.id("same"))["status"] as? String == "created")
        let pid = Int32(try h.state(h.id("same"))["pid"] as? Int ?? 0)
        #expect(try h.oci(["delete", "--force", h.id("same")]).status == 0)
        h.reap(pid)
        #expect(h.leftovers(ids: [h.id("same")]).isEmpty)
    }
}
