import Foundation
import Testing

/// Where `cbench system` follows LXC: a pty for attach from a terminal, `optional` mounts
/// that fail are skipped, and `wait --booted` does not wait for a container nobody starts.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemCLIConventionsTests {
    /// From a terminal, as lxc-attach: the shell's terminal is a pty of the container's own
    /// devpts, and its exit code comes back.
    @Test func attachFromATerminalGivesTheShellAPty() throws {
        let h = try SystemTestHarness("attachtty")
        defer { h.tearDown() }
        let name = h.name("att")
        try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
        try h.startBooted(name)
        let shell = try TerminalDriver([h.binary, "system", "attach", name],
                                       environment: ["CBENCH_SYSTEM_STORE": h.store, "CBENCH_SYSTEM_RUN": h.runRoot])
        shell.send("tty; stty size; echo mark-$((6*7)); exit 3\n")
        #expect(shell.read(until: "mark-42"), "\(shell.output)")
        #expect(shell.output.contains("/dev/pts/") && shell.output.contains("33 97"), "\(shell.output)")
        #expect(shell.finish() == 3)
        // Without a terminal it shares our stdio, as before.
        #expect(try h.attach(name, ["sh", "-c", "test -t 0 || echo no-tty"]) == "no-tty\n")
    }

    @Test func waitBootedOnAStoppedContainerSaysSoAtOnce() throws {
        let h = try SystemTestHarness("waitstop")
        defer { h.tearDown() }
        let name = h.name("idle")
        try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
        let wait = try h.system(["wait", name, "--booted", "--timeout", "600"])
        #expect(wait.status != 0)
        #expect(wait.stderr.contains("not running") && wait.stderr.contains("cbench system start"), "\(wait.stderr)")
        let missing = try h.system(["wait", h.name("nosuch"), "--booted"])
        #expect(missing.status != 0)
    }

    /// `optional` on a mount the kernel refuses (a bad tmpfs size): skipped as LXC skips it;
    /// the same line without it stops the start with the mount named.
    @Test func anOptionalMountThatFailsIsSkipped() throws {
        let h = try SystemTestHarness("optmount")
        defer { h.tearDown() }
        let optional = h.name("opt")
        let config = "\(h.store)/.opt.conf"
        try """
            lxc.mount.entry = tmpfs run/broken tmpfs size=bogus,optional,create=dir 0 0
            lxc.mount.entry = tmpfs run/fine tmpfs size=1m,optional,create=dir 0 0
            """.write(toFile: config, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", optional, "--template", "busybox", "--config", config]).status == 0)
        try h.startBooted(optional)
        let mounts = try h.attach(optional, ["cat", "/proc/mounts"])
        #expect(mounts.contains(" /run/fine tmpfs"), "\(mounts)")
        #expect(!mounts.contains(" /run/broken "), "\(mounts)")

        let required = h.name("req")
        let strict = "\(h.store)/.req.conf"
        try "lxc.mount.entry = tmpfs run/broken tmpfs size=bogus,create=dir 0 0\n".write(toFile: strict, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", required, "--template", "busybox", "--config", strict]).status == 0)
        let start = try h.system(["start", required])
        #expect(start.status != 0)
        #expect(start.stderr.contains("/run/broken") && start.stderr.contains("EINVAL"), "\(start.stderr)")
        #expect(h.leftovers(required).filter { !$0.hasPrefix("store") }.isEmpty, "\(h.leftovers(required))")
    }
}
