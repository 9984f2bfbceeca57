import Foundation
import Testing
import NamespaceCore

/// `lxc.start.auto` (cbench system autostart) and `lxc.signal.stop` (the default of `kill`).
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemAutostartTests {
    @Test func autostartStartsOnlyMarkedContainersAndKillUsesTheStopSignal() throws {
        let h = try SystemTestHarness("auto")
        defer { h.tearDown() }
        let marked = h.name("auto1"), plain = h.name("auto2")
        let config = "\(h.store)/.auto.conf"
        try "lxc.start.auto = 1\n".write(toFile: config, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", marked, "--template", "busybox", "--config", config]).status == 0)
        try #require(try h.system(["create", plain, "--template", "busybox"]).status == 0)
        #expect(try h.system(["autostart", "--list"]).stdout == "\(marked)\n")
        let started = try h.system(["autostart"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(try h.system(["info", marked]).stdout.contains("State: RUNNING"))
        #expect(try h.system(["info", plain]).stdout.contains("State: STOPPED"))
        #expect(try h.system(["autostart", "--list"]).stdout.isEmpty, "a running one is not started again")
        // The template's lxc.signal.stop is SIGKILL: a bare `kill` ends the container.
        let pid = try h.pid(marked)
        #expect(try h.system(["kill", marked]).status == 0)
        if let pid { h.reap(pid) }
        #expect(try h.system(["info", marked]).stdout.contains("State: STOPPED"))
        for name in [marked, plain] {
            #expect(try h.system(["destroy", name]).status == 0)
            #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
        }
    }
}
