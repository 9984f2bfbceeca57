import Foundation
import Testing
import NamespaceCore
import Scenarios

/// Root in a system container and the host: a default container is unprivileged (root is host
/// uid 100000), so a fresh proc mount inside cannot change kernel.core_pattern; a privileged
/// one is warned about and gets LXC's mitigations that need no LSM.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available && ProbeLocator.find() != nil,
                             "needs root, cbench, the probe and the busybox rootfs"))
struct SystemHardeningTests {
    static let corePattern = "/proc/sys/kernel/core_pattern"

    @Test func aDefaultContainerCannotWriteTheHostsCorePattern() throws {
        let original = try String(contentsOfFile: Self.corePattern, encoding: .utf8)
        // Whatever happens, the host keeps its value (the default here is `core`).
        defer {
            if (try? String(contentsOfFile: Self.corePattern, encoding: .utf8)) != original {
                try? original.write(toFile: Self.corePattern, atomically: false, encoding: .utf8)
            }
        }
        let h = try SystemTestHarness("corepat")
        defer { h.tearDown() }
        let name = h.name("corepat")
        let create = try h.system(["create", name, "--template", "busybox"])
        try #require(create.status == 0, "create: \(create.stderr)")
        #expect(!create.stderr.contains("privileged"), "no warning for a default container: \(create.stderr)")
        try h.startBooted(name)
        let attempt = try h.system(["attach", name, "--", "sh", "-c",
                                    "mkdir -p /tmp/p && mount -t proc proc /tmp/p; echo '|/bin/cbench-escaped %p' > /tmp/p/sys/kernel/core_pattern; echo write=$?"])
        #expect(attempt.stdout.contains("write=1"), "the write failed inside: \(attempt.stdout) \(attempt.stderr)")
        #expect(try String(contentsOfFile: Self.corePattern, encoding: .utf8) == original, "the host's core_pattern is unchanged")
        let pid = try #require(try h.pid(name))
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        #expect(status.split(separator: "\n").contains { $0.hasPrefix("Uid:") && $0.contains("100000") }, "root inside is host uid 100000")
        #expect(try h.stop(name, timeout: 2).status == 0)
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    /// A busybox container with the probe at /cbench-probe, booted.
    static func startWithProbe(_ h: SystemTestHarness, _ name: String, config: String? = nil) throws {
        let probe = try #require(ProbeLocator.find())
        var arguments = ["create", name, "--template", "busybox"]
        var configFile: String?
        if let config {
            configFile = "\(h.store)/\(name).extra.conf"
            try config.write(toFile: try #require(configFile), atomically: true, encoding: .utf8)
            arguments += ["--config", try #require(configFile)]
        }
        let create = try h.system(arguments)
        if let configFile { try? FileManager.default.removeItem(atPath: configFile) }
        try #require(create.status == 0, "create: \(create.stderr)")
        let rootfs = "\(h.store)/\(name)/rootfs"
        try? FileManager.default.removeItem(atPath: "\(rootfs)/cbench-probe")
        try FileManager.default.copyItem(atPath: probe, toPath: "\(rootfs)/cbench-probe")
        try h.startBooted(name)
    }

    /// The default container's masks are locked (they came from the host's user namespace), so
    /// root inside can neither mount a fresh proc or sysfs nor unmount a mask; CAP_NET_RAW is
    /// dropped, and ping still works through an ICMP datagram socket.
    @Test func aDefaultContainerMountsNoProcOrSysfsAndOpensNoRawSocket() throws {
        let h = try SystemTestHarness("nomount")
        defer { h.tearDown() }
        let name = h.name("nomount")
        try Self.startWithProbe(h, name)
        let report = try ProbeReport.decode(try h.attach(name, ["/cbench-probe", "--only", "caps,attempts",
                                                                 "--escape", "mount_proc_sysfs", "--escape", "raw_socket"]))
        let mount = try #require(report.escapes?["mount_proc_sysfs"])
        #expect(mount.outcome == .blocked && mount.errno == "EPERM", "\(mount)")
        #expect(mount.detail == "mount proc: EPERM; mount sysfs: EPERM", "\(mount.detail)")
        let raw = try #require(report.escapes?["raw_socket"])
        #expect(raw.outcome == .blocked && raw.errno == "EPERM", "\(raw)")
        #expect(Self.denial(report.attempt(.rawSocket)) == "EPERM")
        #expect(!report.hasCapability(try #require(Capability.number(named: "NET_RAW"))))
        #expect(report.attempt(.pingDatagram)?.ok == true, "\(String(describing: report.attempt(.pingDatagram)))")
        // Root inside still mounts what is its own (a tmpfs), but a locked mask stays.
        let umount = try h.system(["attach", name, "--", "sh", "-c",
                                   "umount /proc/keys; echo keys=$?; umount /sys/firmware; echo firmware=$?; "
                                   + "mkdir -p /tmp/m && mount -t tmpfs t /tmp/m && echo tmpfs=ok; umount /tmp/m; cat /proc/sys/net/ipv4/ping_group_range"])
        #expect(umount.stdout.contains("keys=1") && umount.stdout.contains("firmware=1"), "\(umount.stdout) \(umount.stderr)")
        #expect(umount.stdout.contains("tmpfs=ok"), "\(umount.stdout) \(umount.stderr)")
        #expect(umount.stdout.contains("0\t65535"), "\(umount.stdout)")
        let info = try h.system(["info", name])
        #expect(info.stdout.contains("Capabilities: ") && !info.stdout.contains("CAP_NET_RAW"), "\(info.stdout)")
        #expect(try h.stop(name, timeout: 2).status == 0)
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    /// A config that keeps CAP_NET_RAW (`lxc.cap.keep`) gets raw sockets back, and says so.
    @Test func aConfigThatKeepsNetRawOpensRawSockets() throws {
        let h = try SystemTestHarness("keepraw")
        defer { h.tearDown() }
        let name = h.name("keepraw")
        try Self.startWithProbe(h, name, config: "lxc.cap.drop =\nlxc.cap.keep = net_raw sys_admin setuid setgid chown dac_override\n")
        let report = try ProbeReport.decode(try h.attach(name, ["/cbench-probe", "--only", "caps,attempts", "--escape", "raw_socket"]))
        #expect(report.escapes?["raw_socket"]?.outcome == .reached, "\(String(describing: report.escapes?["raw_socket"]))")
        #expect(report.attempt(.rawSocket)?.ok == true)
        let info = try h.system(["info", name])
        #expect(info.stdout.contains("CAP_NET_RAW"), "\(info.stdout)")
        #expect(try h.stop(name, timeout: 2).status == 0)
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    /// The errno of a refused attempt; nil when it was allowed or missing.
    static func denial(_ attempt: ProbeReport.Attempt?) -> String? {
        guard let attempt, !attempt.ok else { return nil }
        return attempt.errno
    }

    @Test func aPrivilegedContainerIsWarnedAboutAndMitigated() throws {
        let probe = try #require(ProbeLocator.find())
        let h = try SystemTestHarness("privmit")
        defer { h.tearDown() }
        let name = h.name("privmit")
        let create = try h.system(["create", name, "--template", "busybox", "--privileged"])
        try #require(create.status == 0, "create: \(create.stderr)")
        #expect(create.stderr.contains("warning: \(name) is privileged: root inside is root on the host"), "\(create.stderr)")
        let rootfs = "\(h.store)/\(name)/rootfs"
        try? FileManager.default.removeItem(atPath: "\(rootfs)/cbench-probe")
        try FileManager.default.copyItem(atPath: probe, toPath: "\(rootfs)/cbench-probe")
        let start = try h.system(["start", name])
        #expect(start.status == 0 && start.stderr.contains("is privileged"), "\(start.stderr)")
        #expect(try h.system(["wait", name, "--booted", "--timeout", "30"]).status == 0)

        let report = try ProbeReport.decode(try h.attach(name, ["/cbench-probe", "--only", "caps,attempts"]))
        // LXC's seccomp policy (common.seccomp); open_by_handle_at and a forced umount pass the
        // capability checks here (CAP_DAC_READ_SEARCH, CAP_SYS_ADMIN): only the filter denies them.
        #expect(Self.denial(report.attempt(named: "open_by_handle_at")) == "EPERM")
        #expect(Self.denial(report.attempt(named: "umount_force")) == "EACCES")
        // kexec_load: CAP_SYS_BOOT is kept (as LXC keeps it), so without the filter the kernel
        // answers ENOSYS where it has no kexec (this host) or EINVAL for the bad arguments;
        // the filter's EPERM comes first.
        #expect(Self.denial(report.attempt(.kexecLoad)) == "EPERM")
        // One filter, loaded once by the attach (none stacked on the init's): the kernel's action
        // cache then answers the calls the filter allows (SystemSeccompCacheTests).
        #expect(report.seccomp == 2 && report.seccompFilters == 1, "seccomp \(String(describing: report.seccomp)) filters \(String(describing: report.seccompFilters))")
        // proc:mixed: /proc/sys read-only; LXC's capability drop.
        #expect(Self.denial(report.attempt(.writeCorePattern)) == "EROFS")
        for dropped in ["sys_module", "sys_rawio", "sys_time", "mac_admin", "mac_override"] {
            let number = try #require(try Capability.parse([dropped]).first)
            #expect(!report.hasCapability(number), "\(dropped) is dropped")
        }
        // sys:mixed: /sys read-only (uevent_helper would run a program as host root).
        let sys = try h.system(["attach", name, "--", "sh", "-c", "echo /bin/x > /sys/kernel/uevent_helper; echo rc=$?"])
        #expect(sys.stdout.contains("rc=1") && sys.stderr.contains("Read-only file system"), "\(sys.stdout) \(sys.stderr)")
        #expect(try h.stop(name, timeout: 2).status == 0)
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }
}
