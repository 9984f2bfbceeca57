#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// On this real machine (hybrid: v1 hierarchies plus cgroup2 at /sys/fs/cgroup/unified):
/// a cgroup with limits holding a real process, frozen, thawed, killed and removed.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0, "needs root to write cgroupfs"))
struct CgroupIntegrationTests {
    @Test func fullLifecycleWithASleepingChild() throws {
        let host = try CgroupHost.current()
        let path = "cbench/itest-\(getpid())"
        let resources = CgroupResources(
            memoryLimit: 64 << 20, memoryReservation: 32 << 20, memorySwapLimit: 128 << 20, pidsLimit: 16,
            cpuShares: 512, cpuQuota: 50_000, cpuPeriod: 100_000, cpusetCpus: "0", cpusetMems: "0",
            devices: [CgroupDeviceRule(allow: false), CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 3)]
        )
        let cgroup = try Cgroup.create(path: path, resources: resources, host: host)
        var child: pid_t = 0
        defer {
            // Runs on failure too: no process, no cgroup left behind.
            if child > 0 { kill(child, SIGKILL); waitpid(child, nil, 0) }
            try? cgroup.remove()
        }
        #expect(cgroup.unsupportedOnThisMode.isEmpty)

        child = try spawnSleep()
        try cgroup.addProcess(child)

        let membership = try RealCgroupFS().read("/proc/\(child)/cgroup")
        for directory in cgroup.directories {
            let controllers = directory.hierarchy.version == .v2 ? "" : directory.hierarchy.controllers.joined(separator: ",")
            #expect(membership.contains(":\(controllers):/\(path)\n"), "\(controllers) in \(membership)")
        }
        #expect(try cgroup.pids() == [child])
        // Each layout's own files; on v2 the device rules are an eBPF program, not a file
        // (checked by the device-program tests), so there is no list to read back.
        switch host.mode {
        case .v1, .hybrid:
            #expect(try read(cgroup, "memory", "memory.limit_in_bytes") == "67108864")
            #expect(try read(cgroup, "cpu", "cpu.cfs_quota_us") == "50000")
            #expect(try read(cgroup, "cpuset", "cpuset.cpus") == "0")
            #expect(try read(cgroup, "devices", "devices.list") == "c 1:3 rwm")
        case .v2:
            #expect(try read(cgroup, "memory", "memory.max") == "67108864")
            #expect(try read(cgroup, "cpu", "cpu.max") == "50000 100000")
            #expect(try read(cgroup, "cpuset", "cpuset.cpus") == "0")
        }

        let stats = cgroup.stats()
        #expect(stats.pidsCurrent == 1)
        #expect(stats.memoryUsage != nil)
        #expect(stats.memoryPeak != nil)
        #expect(stats.oomKills == 0)
        #expect(stats.cpuUsageNanoseconds != nil)

        // The freezer's own state file on each layout: freezer.state (v1), cgroup.events (v2).
        let (stateFile, frozen, thawed) = host.mode == .v2
            ? ("cgroup.events", "frozen 1", "frozen 0") : ("freezer.state", "FROZEN", "THAWED")
        let freezerController = host.mode == .v2 ? "memory" : "freezer"
        try cgroup.freeze()
        #expect(try read(cgroup, freezerController, stateFile).contains(frozen))
        try cgroup.thaw()
        #expect(try read(cgroup, freezerController, stateFile).contains(thawed))

        // As `cbench-oci delete` would, from the path alone.
        let opened = try Cgroup.open(path: path, host: host)
        try opened.killAll(signal: SIGKILL)
        // Before reaping, as the other process cannot reap: remove waits out the exit.
        try opened.remove()
        var status: Int32 = 0
        #expect(waitpid(child, &status, 0) == child)
        child = 0
        #expect(status & 0x7f == SIGKILL)
        #expect(Cgroup.leftovers(host: host).filter { $0.contains("/\(path)") }.isEmpty)
        // Best effort: stays while another test's cgroup is inside.
        Cgroup.removeEmptyProjectParents(host: host)
    }

    @Test func aFailingLimitLeavesNothingBehind() throws {
        let host = try CgroupHost.current()
        let path = "cbench/itest-fail-\(getpid())"
        // No CPU 4096 on a small VM: cpuset.cpus is refused after the directories exist.
        #expect(throws: CoreError.self) {
            let cgroup = try Cgroup.create(path: path, resources: CgroupResources(cpusetCpus: "4096"), host: host)
            try? cgroup.remove()
        }
        #expect(Cgroup.leftovers(host: host).filter { $0.contains("/\(path)") }.isEmpty)
        // The rollback keeps the shared parent; best effort, as above.
        Cgroup.removeEmptyProjectParents(host: host)
    }

    private func read(_ cgroup: Cgroup, _ controller: String, _ file: String) throws -> String {
        let directory = try #require(cgroup.directory(for: controller))
        return try RealCgroupFS().read(directory.file(file)).split(separator: "\n").joined(separator: ";")
    }

    private func spawnSleep() throws -> pid_t {
        try Spawn(["/bin/sleep", "60"], stdout: .null, stderr: .null).start().pid
    }
}
