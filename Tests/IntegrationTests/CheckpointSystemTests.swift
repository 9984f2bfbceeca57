import Foundation
import Glibc
import Testing
import NamespaceCore

/// `cbench system checkpoint` / `restore`: a busybox system (init, syslogd, httpd) and a
/// Debian bookworm system (systemd) come back with their processes and state.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4.2)"))
struct CheckpointSystemTests {
    @Test func aBusyboxSystemKeepsItsProcessesAndState() throws {
        let harness = try SystemTestHarness("cksys")
        defer { harness.tearDown() }
        let name = harness.name("bb")
        try #require(try harness.system(["create", name, "--template", "busybox"]).status == 0)
        try harness.startBooted(name)
        let script = CheckpointStateWorkload.script()
        // setsid: CRIU refuses a session leader outside the container's pid namespace.
        let attach = try harness.system(["attach", name, "--", "/bin/sh", "-c", "setsid /bin/sh -c '\(script)' </dev/null >/dev/null 2>&1 &"])
        try #require(attach.status == 0, "attach: \(attach.stderr)")
        let pid = try #require(try harness.pid(name))
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "cbench-system")
        let processes = try harness.attach(name, ["ps", "-o", "pid,comm"])
        // The tmpfs mounts travel as cbench's copies, not CRIU's tars: what was written there stays.
        _ = try harness.attach(name, ["/bin/sh", "-c", "echo in-run > /run/cbench-marker && echo in-shm > /dev/shm/cbench-marker"])
        let checkpoint = try harness.system(["checkpoint", name])
        try #require(checkpoint.status == 0, "checkpoint: \(checkpoint.stderr)")
        harness.reap(pid)
        #expect(try harness.system(["list"]).stdout.contains("\(name) STOPPED"))
        let restore = try harness.system(["restore", name])
        try #require(restore.status == 0, "restore: \(restore.stderr)")
        let restored = try #require(try harness.pid(name))
        CheckpointStateAssertions.expectKept(before, restoredPid: restored, label: "cbench-system")
        #expect(try harness.attach(name, ["cat", "/run/cbench-marker", "/dev/shm/cbench-marker"]) == "in-run\nin-shm\n")
        // syslogd's /dev/log is bound again in the copied /dev and still reaches it.
        _ = try harness.attach(name, ["/bin/sh", "-c", "test -S /dev/log && logger -t cbench-restored hello && sleep 0.2"])
        #expect(try harness.attach(name, ["cat", "/var/log/messages"]).contains("cbench-restored"))
        let again = try harness.attach(name, ["ps", "-o", "pid,comm"])
        for line in processes.split(separator: "\n") where line.contains("syslogd") || line.contains("httpd") || line.contains("init") {
            #expect(again.contains(line), "\(line) is not among the restored processes:\n\(again)")
        }
        let stop = try harness.stop(name, timeout: 5)
        #expect(stop.status == 0, "stop: \(stop.stderr)")
        #expect(try harness.system(["destroy", name]).status == 0)
        #expect(harness.leftovers(name).isEmpty, "\(harness.leftovers(name))")
    }

    /// make setup builds the bookworm root (Scripts/provision-debian-roots): a missing one is a
    /// failure that says so, not a skip.
    @Test func aDebianSystemWithSystemdComesBack() throws {
        try #require(SystemDebianTests.cached("bookworm"), "no bookworm root in /var/lib/cbench/rootfs: run make setup (Scripts/provision-debian-roots)")
        let harness = try SystemTestHarness("ckdeb")
        defer { harness.tearDown() }
        let name = harness.name("deb")
        try #require(try harness.system(["create", name, "--template", "debian", "--release", "bookworm"]).status == 0)
        try harness.startBooted(name)
        let pid = try #require(try harness.pid(name))
        let checkpoint = try harness.system(["checkpoint", name])
        try #require(checkpoint.status == 0, "checkpoint: \(checkpoint.stderr)")
        harness.reap(pid)
        let restore = try harness.system(["restore", name])
        try #require(restore.status == 0, "restore: \(restore.stderr)")
        #expect(try harness.attach(name, ["cat", "/proc/1/comm"]) == "systemd\n")
        #expect(try harness.attach(name, ["systemctl", "is-system-running"]) == "running\n")
        #expect(try harness.stop(name).status == 0)
        #expect(try harness.system(["destroy", name]).status == 0)
        #expect(harness.leftovers(name).isEmpty, "\(harness.leftovers(name))")
    }
}
