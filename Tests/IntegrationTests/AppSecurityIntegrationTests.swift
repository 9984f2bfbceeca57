import AppContainers
import Foundation
import NamespaceCore
import Scenarios
import Testing

/// Docker's security defaults as the probe sees them inside a real container: a LaunchSpec
/// filled by `AppSecurityOptions.apply` on an overlay of the busybox root, in a cgroup with
/// the device allowlist. Serialized: the leak checks look at the whole host.
@Suite(.serialized, .enabled(if: AppSecurityHarness.available, "needs root, the busybox rootfs and the static probe"))
struct AppSecurityIntegrationTests {
    @Test func defaultContainerShowsDockersProfile() throws {
        let h = try AppSecurityHarness("default")
        defer { h.tearDown() }
        let (status, output) = try h.run(["/cbench-probe"], options: try AppSecurityOptions())
        #expect(status == .exited(0), "\(output)")
        let report = try JSONDecoder().decode(ProbeReport.self, from: Data(output.utf8))
        #expect(report.capBounding == Capability.mask(AppSecurity.defaultCapabilitySet))
        #expect(report.capEffective == report.capBounding && report.capPermitted == report.capBounding)
        #expect(report.capInheritable == 0 && report.capAmbient == 0)
        #expect(report.seccomp == 2)
        // Masked: a directory gets a read-only tmpfs, a file /dev/null (only those this kernel has).
        for path in AppSecurity.maskedPaths where FileManager.default.fileExists(atPath: path) {
            #expect(report.mount(at: path) != nil, "\(path) is not masked")
        }
        #expect(report.attempt(.readKcore)?.ok == false)
        for path in AppSecurity.readonlyPaths where FileManager.default.fileExists(atPath: path) {
            #expect(report.mount(at: path)?.isReadOnly == true, "\(path) is not read-only")
        }
        #expect(report.mount(at: "/sys")?.isReadOnly == true)
        #expect(report.mount(at: "/dev/pts")?.fstype == "devpts")
        #expect(report.mount(at: "/dev/shm")?.fstype == "tmpfs")
        #expect(report.mount(at: "/dev/mqueue")?.fstype == "mqueue")
        #expect(report.mountPoints.contains { $0.hasPrefix("/sys/fs/cgroup") })
        for kind in [ProbeAttemptKind.mountTmpfs, .sethostname, .kexecLoad, .reboot, .writeSysrqTrigger] {
            #expect(report.attempt(kind)?.ok == false, "\(kind.rawValue) was allowed")
        }
        #expect(report.attempt(.mountTmpfs)?.errno == "EPERM")
        #expect(report.attempt(.rawSocket)?.ok == true) // NET_RAW is one of the 14
        #expect(h.leftovers().isEmpty)
    }

    @Test func namespaceCreationAndMountAreRefusedInside() throws {
        let h = try AppSecurityHarness("refuse")
        defer { h.tearDown() }
        let script = "unshare -m true; echo unshare=$?; mount -t tmpfs none /mnt; echo mount=$?; "
            + "unshare -n true 2>/dev/null; echo unshare-net=$?"
        let (status, output) = try h.run(["/bin/sh", "-c", script], options: try AppSecurityOptions())
        #expect(status == .exited(0), "\(output)")
        #expect(output.contains("unshare=1") || output.contains("unshare=255"), "\(output)")
        #expect(output.contains("Operation not permitted"), "\(output)")
        #expect(!output.contains("mount=0"), "\(output)")
        #expect(!output.contains("unshare-net=0"), "\(output)")
    }

    @Test func devicesOutsideTheAllowlistCannotBeOpened() throws {
        let h = try AppSecurityHarness("devices")
        defer { h.tearDown() }
        // mknod is allowed (m), reading /dev/mem (c 1:1) is not; /dev/null and /dev/zero work.
        let script = "mknod /tmp/mem c 1 1 && echo mknod=ok; head -c 1 /tmp/mem >/dev/null; echo mem=$?; "
            + "head -c 1 /dev/zero >/dev/null; echo zero=$?; echo x >/dev/null; echo null=$?; ls /dev"
        let (status, output) = try h.run(["/bin/sh", "-c", script], options: try AppSecurityOptions())
        #expect(status == .exited(0), "\(output)")
        #expect(output.contains("mknod=ok"), "\(output)")
        #expect(output.contains("mem=1"), "\(output)")
        #expect(output.contains("zero=0") && output.contains("null=0"), "\(output)")
        #expect(!output.contains("sda") && !output.contains("kmsg"), "\(output)")
    }

    /// The v2 device program, loaded and attached for real: on this hybrid host the kernel runs
    /// a BPF_CGROUP_DEVICE program of the task's cgroup2 directory before the v1 devices
    /// controller, so with no v1 rules at all a refusal can only come from the program.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/sys/fs/cgroup/unified/cgroup.procs")))
    func deviceProgramEnforcesOnTheUnifiedHierarchy() throws {
        let h = try AppSecurityHarness("bpf")
        defer { h.tearDown() }
        h.deviceRulesOverride = []
        h.attachDeviceProgram = true
        let script = "mknod /tmp/mem c 1 1 && echo mknod=ok; head -c 1 /tmp/mem >/dev/null; echo mem=$?; "
            + "mknod /tmp/zero c 1 5; head -c 1 /tmp/zero >/dev/null; echo zero=$?"
        let (status, output) = try h.run(["/bin/sh", "-c", script], options: try AppSecurityOptions())
        #expect(status == .exited(0), "\(output)")
        #expect(output.contains("mknod=ok"), "\(output)")
        #expect(output.contains("mem=1") && output.contains("Operation not permitted"), "\(output)")
        #expect(output.contains("zero=0"), "\(output)")
    }

    @Test func capAddSysAdminAllowsMount() throws {
        let h = try AppSecurityHarness("sysadmin")
        defer { h.tearDown() }
        let options = try AppSecurityOptions(capAdd: ["SYS_ADMIN"])
        let (status, output) = try h.run(["/cbench-probe", "--only", "capabilities,attempts"], options: options)
        #expect(status == .exited(0), "\(output)")
        let report = try JSONDecoder().decode(ProbeReport.self, from: Data(output.utf8))
        #expect(report.hasCapability(try #require(Capability.number(named: "SYS_ADMIN"))))
        #expect(report.attempt(.mountTmpfs)?.ok == true)
        #expect(report.seccomp == 2)
    }

    @Test func unconfinedHasNoFilter() throws {
        let h = try AppSecurityHarness("unconfined")
        defer { h.tearDown() }
        let (status, output) = try h.run(["/cbench-probe", "--only", "capabilities"],
                                          options: try AppSecurityOptions(seccomp: .unconfined))
        #expect(status == .exited(0), "\(output)")
        #expect(try JSONDecoder().decode(ProbeReport.self, from: Data(output.utf8)).seccomp == 0)
    }

    @Test func initReapsOrphansAndReturnsTheExitCode() throws {
        let h = try AppSecurityHarness("init-reap")
        defer { h.tearDown() }
        // The inner shell leaves a sleep behind; as an orphan it becomes init's child. Once it
        // ends, nobody but init can reap it: the loop waits for the zombie to go.
        let script = """
        sh -c 'sleep 0.2 & exit 0'
        for i in $(seq 1 100); do
          zombies=$(grep -l '^State:.*Z' /proc/[0-9]*/status 2>/dev/null | wc -l)
          sleeping=$(grep -l '^Name:.*sleep' /proc/[0-9]*/status 2>/dev/null | wc -l)
          if [ "$zombies" = 0 ] && [ "$sleeping" = 0 ]; then echo reaped; exit 7; fi
          sleep 0.1
        done
        echo zombie-left; exit 1
        """
        let (status, output) = try h.run(["/bin/sh", "-c", script], options: try AppSecurityOptions(), withInit: true)
        #expect(output.contains("reaped"), "\(output)")
        #expect(status == .exited(7), "\(output)")
    }

    @Test func initForwardsSigterm() throws {
        let h = try AppSecurityHarness("init-term")
        defer { h.tearDown() }
        let process = try h.start(["/bin/sleep", "100"], options: try AppSecurityOptions(), withInit: true)
        // Wait until init has started its child, so the signal is not lost before init blocks it.
        var started = false
        for _ in 0..<200 where !started {
            let children = (try? String(contentsOfFile: "/proc/\(process.pid)/task/\(process.pid)/children", encoding: .utf8)) ?? ""
            started = !children.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if !started { usleep(10_000) }
        }
        #expect(started)
        try process.signal(SIGTERM)
        var status: NamespaceCore.ExitStatus?
        for _ in 0..<500 where status == nil {
            status = try process.poll()
            if status == nil { usleep(10_000) }
        }
        if status == nil { try? process.signal(SIGKILL); status = try process.wait() }
        #expect(status == .exited(143))
    }
}

/// One test's container: an overlay over the busybox root in /tmp/cbench-apptest-security-*, a cgroup
/// `cbench/apptest-security-*` with Docker's device rules, and the probe bound at /cbench-probe.
final class AppSecurityHarness {
    static let busybox = ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox"
    static var available: Bool {
        getuid() == 0 && FileManager.default.fileExists(atPath: busybox + "/bin/sh") && ProbeLocator.find() != nil
    }

    let work: String
    let cgroupPath: String
    var cgroup: Cgroup?
    /// v1 device rules instead of the options' ones (an empty list: the devices cgroup allows all).
    var deviceRulesOverride: [CgroupDeviceRule]?
    /// Attach the v2 device program to the cgroup2 directory even on a hybrid host.
    var attachDeviceProgram = false

    init(_ name: String) throws {
        var template = Array("/tmp/cbench-apptest-security-\(name)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CoreError.fromErrno("mkdtemp") }
        work = String(cString: made)
        cgroupPath = "cbench/apptest-security-\(name)-\(getpid())"
        for sub in ["upper", "work", "seccomp"] {
            try FileManager.default.createDirectory(atPath: work + "/" + sub, withIntermediateDirectories: true)
        }
    }

    func spec(_ args: [String], options: AppSecurityOptions, withInit: Bool) throws -> LaunchSpec {
        var spec = LaunchSpec(args: args)
        spec.namespaces = [.init(.mount), .init(.pid), .init(.uts), .init(.ipc), .init(.network)]
        spec.hostname = "apptest"
        spec.rootfs = RootfsSpec(.overlay(lower: [Self.busybox], upper: work + "/upper", work: work + "/work"))
        guard let probe = ProbeLocator.find() else { throw CoreError(stage: "cbench-probe", detail: "not found; run make probe") }
        spec.mounts = [MountSpec(destination: "/cbench-probe", type: "bind", source: probe, options: ["bind", "ro"])]
        try options.apply(to: &spec, cache: SeccompProgramCache(directory: work + "/seccomp"))
        if withInit { AppInit.apply(to: &spec, binary: try initBinary()) }
        let host = try CgroupHost.current()
        let rules = deviceRulesOverride ?? options.cgroupDeviceRules
        let made = try Cgroup.create(path: cgroupPath, resources: CgroupResources(devices: rules), host: host)
        cgroup = made
        // On a v2 host Cgroup.create attached the program already; here (hybrid) it is
        // attached by hand to the unified directory to see it work for real.
        if attachDeviceProgram, let unified = made.unifiedDirectory {
            try CgroupDeviceProgram.attach(rules: options.cgroupDeviceRules, toCgroupDirectory: unified.path)
        }
        spec.cgroupPlacement = made.placement
        return spec.expandingCgroupMounts(for: made)
    }

    func run(_ args: [String], options: AppSecurityOptions, withInit: Bool = false) throws -> (NamespaceCore.ExitStatus, String) {
        try launchAndCollect(try spec(args, options: options, withInit: withInit))
    }

    func start(_ args: [String], options: AppSecurityOptions, withInit: Bool) throws -> ContainerProcess {
        var spec = try spec(args, options: options, withInit: withInit)
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(devNull) }
        spec.stdio = .fds(stdin: devNull, stdout: devNull, stderr: devNull)
        return try Launcher().launch(spec)
    }

    /// The located init, or one built into the work directory with Scripts/build-probe.
    func initBinary() throws -> String {
        if let found = InitLocator.find() { return found }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let built = try Spawn([packageRoot + "/Scripts/build-probe", work + "/build/cbench-probe"]).run()
        guard built.status == 0 else {
            throw CoreError(stage: "Scripts/build-probe", detail: "exit status \(built.status): \(built.stderr.firstLine())")
        }
        return work + "/build/cbench-init"
    }

    /// Mounts still referring to the work directory on the host.
    func leftovers() -> [String] {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").filter { $0.contains(work) }.map(String.init)
    }

    func tearDown() {
        if let cgroup {
            // Whatever is still inside (a failed expectation) goes first.
            try? cgroup.killAll(signal: SIGKILL)
            for _ in 0..<100 { if (try? cgroup.remove()) != nil { break }; usleep(10_000) }
            // The shared `cbench` parents go too once empty (a busy one stays for its owner).
            Cgroup.removeEmptyProjectParents(host: cgroup.host)
        }
        try? FileManager.default.removeItem(atPath: work)
    }
}
