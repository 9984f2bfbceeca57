#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// cgroup v2's freezer for real. The other integration tests on this hybrid host freeze
/// through the v1 freezer hierarchy; here a host seen as pure v2 (its cgroup2 hierarchy
/// alone: /sys/fs/cgroup/unified here, the whole tree on a v2 host) takes the v2 path:
/// cgroup.freeze written, `frozen 1` awaited in cgroup.events, with a sleeping process inside.
@Suite(.hostLeakCheck, .enabled(if: getuid() == 0, "needs root to write cgroupfs"))
struct CgroupV2FreezeTests {
    @Test func freezeStopsTheProcessAndThawLetsItGo() throws {
        let current = try CgroupHost.current()
        let unified = try #require(current.layout.unified, "no cgroup2 hierarchy is mounted on this host")
        let host = CgroupHost(layout: CgroupLayout(mode: .v2, v1Hierarchies: [], unified: unified), fs: RealCgroupFS())
        let path = "cbench/v2freeze-\(getpid())"
        let cgroup = try Cgroup.create(path: path, host: host)
        var child: pid_t = 0
        defer {
            if child > 0 { kill(child, SIGKILL); waitpid(child, nil, 0) }
            try? cgroup.thaw()
            try? cgroup.remove()
            Cgroup.removeEmptyProjectParents(host: host)
        }
        #expect(cgroup.hasFreezer)
        child = try Spawn(["/bin/sleep", "60"], stdout: .null, stderr: .null).start().pid
        try cgroup.addProcess(child)
        #expect(try cgroup.pids() == [child])

        let sleeping = { wchan(child).contains("sleep") }
        try #require(waitUntil(sleeping), "sleep never slept: wchan \(wchan(child))")
        try cgroup.freeze()
        #expect(try cgroup.isFrozen())
        // The kernel's own word, apart from cgroup.events: the sleeping task was pulled out of
        // its nanosleep into the freezer's trap (do_freezer_trap, inlined into get_signal on
        // some builds).
        let trap = ["do_freezer_trap", "get_signal"]
        #expect(trap.contains(wchan(child)), "wchan \(wchan(child))")
        try cgroup.thaw()
        #expect(try !cgroup.isFrozen())

        try cgroup.killAll(signal: SIGKILL)
        var status: Int32 = 0
        #expect(waitpid(child, &status, 0) == child)
        child = 0
        #expect(status & 0x7f == SIGKILL)
        try cgroup.remove()
        #expect(!RealCgroupFS().exists("\(unified.mountPoint)/\(path)"))
    }

    /// Polls `condition` every 5 ms for at most 5 s: the kernel's scheduling is the event.
    private func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    private func wchan(_ pid: pid_t) -> String {
        (try? RealCgroupFS().read("/proc/\(pid)/wchan")) ?? ""
    }
}
