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
