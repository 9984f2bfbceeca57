import Foundation
import NamespaceCore
import Scenarios
import Testing

/// busybox system containers through `cbench system`, as root: boot, services, attach, the
/// probe's view of the security defaults, stop, persistence, clones, destroy, bad input.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemLifecycleTests {
    @Test func bootsRunsServicesAndStopsCleanly() throws {
        let h = try SystemTestHarness("life")
        defer { h.tearDown() }
        let name = h.name("life")
        let create = try h.system(["create", name, "--template", "busybox"])
        try #require(create.status == 0, "create: \(create.stderr)")
        #expect(try h.system(["info", name]).stdout.contains("State: STOPPED"))

        try h.startBooted(name)
        let info = try h.system(["info", name]).stdout
        #expect(info.contains("State: RUNNING"), "\(info)")
        #expect(info.contains("Memory use:"), "\(info)")
        #expect(try h.system(["list"]).stdout.contains("\(name) RUNNING"))

        // busybox init rewrites its argv to "init".
        #expect(try h.attach(name, ["cat", "/proc/1/cmdline"]).hasPrefix("init"))
        #expect(try h.attach(name, ["hostname"]) == "\(name)\n")
        // The respawned services may start a moment after the readiness marker.
        var processes = ""
        for _ in 0..<200 {
            processes = try h.attach(name, ["ps", "-o", "pid,args"])
            if processes.contains("syslogd") && processes.contains("httpd") { break }
            usleep(10_000)
        }
        #expect(processes.split(separator: "\n").contains { $0.split(separator: " ").map(String.init) == ["1", "init"] }, "\(processes)")
        #expect(processes.contains("syslogd"), "\(processes)")
        #expect(processes.contains("httpd"), "\(processes)")
        #expect(try h.attach(name, ["wget", "-q", "-O", "-", "http://127.0.0.1/"]).contains("cbench busybox"))
        // Only loopback in the empty network.
        #expect(try h.attach(name, ["ls", "/sys/class/net"]).split(separator: "\n") == ["lo"])
        #expect(try h.system(["attach", name, "--", "sh", "-c", "exit 3"]).status == 3)

        let stop = try h.stop(name)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains("stopped \(name)"), "halted by SIGPWR within the timeout: \(stop.stdout)")
        #expect(try h.system(["info", name]).stdout.contains("State: STOPPED"))

        let destroy = try h.system(["destroy", name])
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    @Test func probeShowsLXCSecurityDefaultsAndLimits() throws {
        let probe = try #require(ProbeLocator.find())
        let h = try SystemTestHarness("probe")
        defer { h.tearDown() }
        let name = h.name("probe")
        let limits = "\(h.store)/.limits.conf"
        try "lxc.cgroup.memory.limit_in_bytes = 64M\nlxc.cgroup.pids.max = 100\nlxc.cgroup2.memory.max = 64M\nlxc.cgroup2.pids.max = 100\n"
            .write(toFile: limits, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", name, "--template", "busybox", "--config", limits]).status == 0)
        try FileManager.default.removeItem(atPath: "\(h.store)/\(name)/rootfs/cbench-probe")
        try FileManager.default.copyItem(atPath: probe, toPath: "\(h.store)/\(name)/rootfs/cbench-probe")
        try h.startBooted(name)
        let output = try h.attach(name, ["/cbench-probe"])
        let report = try JSONDecoder().decode(ProbeReport.self, from: Data(output.utf8))
        for dropped in ["CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE", "CAP_SYS_TIME", "CAP_SYS_MODULE", "CAP_SYS_RAWIO"] {
            let number = try #require(Capability.number(named: dropped))
            #expect(!report.hasCapability(number), "\(dropped) should be dropped")
            #expect(report.capBounding & (UInt64(1) << UInt64(number)) == 0)
        }
        #expect(report.hasCapability(try #require(Capability.number(named: "CAP_SYS_ADMIN"))))
        #expect(report.seccomp == 2)
        #expect(report.pid1Comm == "init", "\(String(describing: report.pid1Comm))")
        #expect(report.hostname == name)
        #expect(report.memoryLimitBytes == 64 << 20, "\(String(describing: report.memoryLimitBytes))")
        #expect(report.pidsLimit == 100, "\(String(describing: report.pidsLimit))")
        let pid = try h.pid(name)
        #expect(try h.system(["kill", name]).status == 0)
        if let pid { h.reap(pid) }
        #expect(try h.system(["info", name]).stdout.contains("State: STOPPED"))
    }

    @Test func filesSurviveRestartAndClonesAreIndependent() throws {
        let h = try SystemTestHarness("persist")
        defer { h.tearDown() }
        let original = h.name("orig"), copy = h.name("copy")
        try #require(try h.system(["create", original, "--template", "busybox"]).status == 0)
        try h.startBooted(original)
        _ = try h.attach(original, ["sh", "-c", "echo kept > /root/written"])
        #expect(try h.stop(original).status == 0)
        try h.startBooted(original)
        #expect(try h.attach(original, ["cat", "/root/written"]) == "kept\n")
        #expect(try h.stop(original).status == 0)

        let busyClone = try h.system(["clone", original, copy])
        #expect(busyClone.status == 0, "\(busyClone.stderr)")
        try h.startBooted(copy)
        #expect(try h.attach(copy, ["cat", "/root/written"]) == "kept\n")
        #expect(try h.attach(copy, ["hostname"]) == "\(copy)\n")
        _ = try h.attach(copy, ["sh", "-c", "echo clone-only > /root/written"])
        #expect(try h.stop(copy).status == 0)
        let originalFile = try String(contentsOfFile: "\(h.store)/\(original)/rootfs/root/written", encoding: .utf8)
        #expect(originalFile == "kept\n")

        #expect(try h.system(["snapshot", original, "snap0"]).status == 0)
        try "changed\n".write(toFile: "\(h.store)/\(original)/rootfs/root/written", atomically: false, encoding: .utf8)
        #expect(try h.system(["snapshot", original, "snap0", "--restore"]).status == 0)
        #expect(try String(contentsOfFile: "\(h.store)/\(original)/rootfs/root/written", encoding: .utf8) == "kept\n")

        for name in [original, copy] {
            #expect(try h.system(["destroy", name]).status == 0)
            #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
        }
    }

    @Test func stopKillsAfterTheTimeoutWhenHaltIsIgnored() throws {
        let h = try SystemTestHarness("kill")
        defer { h.tearDown() }
        let name = h.name("kill")
        let config = "\(h.store)/.ignore-halt.conf"
        // busybox init ignores SIGCONT: the halt never comes.
        try "lxc.signal.halt = SIGCONT\n".write(toFile: config, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", name, "--template", "busybox", "--config", config]).status == 0)
        try h.startBooted(name)
        let stop = try h.stop(name, timeout: 0)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains("killed \(name)"), "\(stop.stdout)")
        #expect(try h.system(["info", name]).stdout.contains("State: STOPPED"))
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    @Test func initThatExitsAtOnceLeavesNothingRunning() throws {
        let h = try SystemTestHarness("exits")
        defer { h.tearDown() }
        let name = h.name("exits")
        let config = "\(h.store)/.false.conf"
        try "lxc.init.cmd = /bin/false\n".write(toFile: config, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", name, "--template", "busybox", "--config", config]).status == 0)
        let start = try h.system(["start", name])
        #expect(start.status == 0, "\(start.stderr)")
        if let pid = start.stdout.split(separator: " ").last.flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            h.reap(pid)
        }
        let wait = try h.system(["wait", name, "--booted", "--timeout", "10"])
        #expect(wait.status != 0)
        #expect(wait.stderr.contains("the init exited"), "\(wait.stderr)")
        #expect(try h.system(["info", name]).stdout.contains("State: STOPPED"))
        #expect(h.leftovers(name) == ["store \(name)"], "\(h.leftovers(name))")
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    @Test func sameNameInAnotherStoreDoesNotDisturbARunningContainer() throws {
        let first = try SystemTestHarness("storea")
        defer { first.tearDown() }
        let second = try SystemTestHarness("storeb")
        defer { second.tearDown() }
        let name = first.name("shared")
        try #require(try first.system(["create", name, "--template", "busybox"]).status == 0)
        try #require(try second.system(["create", name, "--template", "busybox"]).status == 0)
        try first.startBooted(name)
        let clash = try second.system(["start", name])
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("is in use"), "\(clash.stderr)")
        #expect(try first.system(["info", name]).stdout.contains("State: RUNNING"))
        #expect(try second.system(["destroy", name]).status == 0)
        #expect(try first.system(["info", name]).stdout.contains("State: RUNNING"))
        let pid = try first.pid(name)
        #expect(try first.system(["destroy", "--force", name]).status == 0)
        if let pid { first.reap(pid) }
        #expect(first.leftovers(name).isEmpty, "\(first.leftovers(name))")
    }

    @Test func badInputIsClearAndLeavesNothing() throws {
        var h = try SystemTestHarness("bad")
        defer { h.tearDown() }
        let name = h.name("bad")
        let unknownTemplate = try h.system(["create", name, "--template", "nope"])
        #expect(unknownTemplate.status != 0)
        #expect(unknownTemplate.stderr.contains("unknown template"), "\(unknownTemplate.stderr)")

        let configPath = "\(h.store)/.bad.conf"
        try "lxc.tty.max = 0\nlxc.bogus = 1\n".write(toFile: configPath, atomically: false, encoding: .utf8)
        let badConfig = try h.system(["create", name, "--template", "busybox", "--config", configPath])
        #expect(badConfig.status != 0)
        #expect(badConfig.stderr.contains("\(configPath):2") && badConfig.stderr.contains("lxc.bogus"), "\(badConfig.stderr)")
        #expect(h.leftovers(name).isEmpty)

        try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
        let taken = try h.system(["create", name, "--template", "busybox"])
        #expect(taken.status != 0)
        #expect(taken.stderr.contains("already exists"), "\(taken.stderr)")
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")

        h.environmentOverrides["CBENCH_BUSYBOX_ROOTFS"] = "/tmp/cbench-no-such-rootfs"
        let missing = try h.system(["create", name, "--template", "busybox"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no busybox root"), "\(missing.stderr)")
        #expect(h.leftovers(name).isEmpty)
        #expect(try h.system(["start", "tnone-\(h.suffix)"]).stderr.contains("does not exist"))
    }
}
