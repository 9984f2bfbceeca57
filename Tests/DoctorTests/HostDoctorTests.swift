import Checkpoints
@testable import Doctor
import Glibc
import NamespaceCore
import NamespaceCoreTesting
import Targets
import Testing

@Suite struct HostDoctorTests {
    @Test(arguments: [
        ("runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev", "1.1.5+ds1"),
        ("crun version 1.8.1\ncommit: f8a096be", "1.8.1"),
        ("5.0.2", "5.0.2"),
        ("podman version 4.3.1", "4.3.1"),
        ("Docker version 20.10.24+dfsg1, build 297e128", "20.10.24+dfsg1"),
        ("gnuplot 5.4 patchlevel 4", "5.4"),
        ("debootstrap 1.0.128+nmu2+deb12u2", "1.0.128+nmu2+deb12u2"),
        ("perf version 6.1.192", "6.1.192"),
        ("ip utility, iproute2-6.1.0, libbpf 1.1.2", "6.1.0"),
        ("unshare from util-linux 2.38.1", "2.38.1"),
    ])
    func parsesToolVersions(output: String, version: String) {
        let first = output.split(separator: "\n").first.map(String.init) ?? output
        #expect(ToolCheck.parseVersion(first) == version)
    }

    @Test func findsCriusVersionLineAndReportsMissingTools() {
        let runner = HostCannedCommands(answers: [
            ["criu", "--version"]: HostCommandResult(status: 0, output: "Version: 4.1.1\nGitID: v4.1.1\n"),
            ["runc", "--version"]: HostCommandResult(status: 1, output: "runc: broken\n"),
        ])
        let criu = ToolCheck.check(name: "criu", command: ["criu", "--version"], runner: runner)
        #expect(criu.works && criu.version == "4.1.1")
        let runc = ToolCheck.check(name: "runc", command: ["runc", "--version"], runner: runner)
        #expect(!runc.works && runc.firstLine == "runc: broken")
        let podman = ToolCheck.check(name: "podman", command: ["podman", "--version"], runner: runner)
        #expect(!podman.works && podman.version == nil && podman.firstLine == nil)
    }

    @Test func parsesPerfStatCSV() {
        let perf = HostPerfEvents.parse("""
            0.49,msec,task-clock,489671,100.00,0.420,CPUs utilized
            48,,page-faults,489671,100.00,98.025,K/sec
            0,,context-switches,489671,100.00,0.000,/sec
            0,,cpu-migrations:u,489671,100.00,0.000,/sec
            <not supported>,,cycles,0,100.00,,
            <not supported>,,instructions,0,100.00,,
            <not counted>,,cache-misses,0,100.00,,
            """)
        #expect(perf.supported == ["task-clock", "page-faults", "context-switches", "cpu-migrations"])
        #expect(perf.unsupported == ["cycles", "instructions", "cache-misses"])
    }

    static func facts(layout: HostCgroupLayout = HostCgroupLayout(mode: .v1, hierarchies: []),
                      filesystems: [String] = ["overlay"]) -> HostFacts {
        HostFacts(kernelRelease: "6.18.44-fc-v857", distribution: "Debian GNU/Linux 12 (bookworm)",
                  cgroups: layout,
                  limits: HostLimits(pidMax: 32768, keysMaxKeys: 200, inotifyMaxUserInstances: 128,
                                     openFiles: HostRlimit(soft: 1024, hard: 20000),
                                     processes: HostRlimit(soft: 96365, hard: 96365)),
                  namespaces: ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"],
                  filesystems: filesystems, seccompAvailable: true, effectiveCapabilities: 0x1fffeffffff)
    }

    static let tools = [
        ToolCheck(name: "runc", command: [], version: "1.1.5", works: true, firstLine: "runc version 1.1.5"),
        ToolCheck(name: "crun", command: [], version: "1.8.1", works: true, firstLine: "crun version 1.8.1"),
        ToolCheck(name: "podman", command: ["podman", "--version"], version: nil, works: false, firstLine: nil),
        ToolCheck(name: "criu", command: [], version: "3.17.1", works: true, firstLine: "Version: 3.17.1"),
    ]

    static let probes = DoctorProbes(userNamespaceWorks: true, criuCheckOutput: "Error (criu/vdso.c:123): vdso: Unexpected rt vDSO area bounds\n",
                                     subuid: "root:100000:65536\n", subgid: "root:100000:65536\n",
                                     busyboxRootfs: "/var/lib/cbench/rootfs/busybox", busyboxPresent: true,
                                     probePath: nil)

    static func check(_ name: String, in checks: [DoctorCheck]) -> DoctorCheck? {
        checks.first { $0.name == name }
    }

    @Test func aRaisedInotifyLimitIsOk() {
        #expect(HostDoctor.inotifyCheck(8192).status == .ok)
        #expect(HostDoctor.inotifyCheck(nil).status == .warn)
    }

    @Test func pidMaxBelowWhatSetupSetsWarnsAndNamesTheFix() {
        let low = HostDoctor.pidMaxCheck(32768)
        #expect(low.status == .warn)
        #expect(low.detail.hasPrefix("32768:"))
        #expect(low.fix == "make setup (sysctl -w kernel.pid_max=4194304)")
        #expect(HostDoctor.pidMaxCheck(4_194_304).status == .ok)
        #expect(HostDoctor.pidMaxCheck(nil).status == .warn)
    }

    /// CRIU's lazy page server asks for 3354624 bytes of pipe; Debian's 1048576 refuses it
    /// without CAP_SYS_RESOURCE, the 4194304 of make setup allows it, and so does the capability.
    @Test(arguments: [("1048576", "0000003ffeffffff", DoctorCheck.Status.warn), ("4194304", "0000003ffeffffff", .ok),
                      ("3354624", "0000003ffeffffff", .ok), ("1048576", "0000003fffffffff", .ok)])
    func thePipeLimitOfTheLazyPageServer(pipeMax: String, capEff: String, status: DoctorCheck.Status) {
        let limit = PageServerPipeLimit(pageSize: 4096) { path in
            path == PageServerPipeLimit.pipeMaxSizePath ? pipeMax : "CapEff:\t\(capEff)\n"
        }
        var probes = Self.probes
        probes.pipeLimit = PipeLimitProbe(limit)
        let checks = HostDoctor.evaluate(facts: Self.facts(), tools: Self.tools, perf: nil, probes: probes)
        let check = Self.check("fs.pipe-max-size", in: checks)
        #expect(check?.status == status, "\(String(describing: check))")
        #expect(check?.detail.hasPrefix(pipeMax) == true)
        #expect((check?.fix?.contains("make setup") == true) == (status == .warn))
    }

    @Test func anUnreadablePipeLimitIsAWarning() {
        let probe = PipeLimitProbe(PageServerPipeLimit(pageSize: 4096) { _ in nil })
        #expect(HostDoctor.pipeLimitCheck(probe).status == .warn)
        #expect(HostDoctor.pipeLimitCheck(probe).detail.contains("not readable"))
    }

    @Test func aHealthyHostHasWarningsButNoFailure() {
        let perf = HostPerfEvents(supported: HostPerfEvents.softwareEvents, unsupported: HostPerfEvents.hardwareEvents)
        let checks = HostDoctor.evaluate(facts: Self.facts(), tools: Self.tools, perf: perf, probes: Self.probes)
        #expect(!checks.contains { $0.status == .fail }, "\(checks.filter { $0.status == .fail })")
        #expect(Self.check("perf hardware events", in: checks)?.status == .warn)
        #expect(Self.check("perf software events", in: checks)?.status == .ok)
        #expect(Self.check("CAP_SYS_RESOURCE", in: checks)?.status == .warn)
        #expect(Self.check("CAP_SYS_RESOURCE", in: checks)?.detail.contains("20000") == true)
        #expect(Self.check("criu", in: checks)?.status == .warn, "criu 3.x fails on this kernel")
        #expect(Self.check("criu check", in: checks)?.detail.contains("vDSO") == true)
        #expect(Self.check("podman", in: checks)?.status == .warn)
        // Debian's 128 inotify instances stop a ramp of systemd containers at about 25.
        #expect(Self.check("fs.inotify.max_user_instances", in: checks)?.status == .warn)
        #expect(Self.check("fs.inotify.max_user_instances", in: checks)?.fix?.contains("make setup") == true)
        #expect(Self.check("probe binary", in: checks)?.fix == "make build")
        #expect(Self.check("subordinate ids", in: checks)?.detail == "root:100000:65536")
        #expect(Self.check("ulimit -Hn", in: checks)?.detail == "20000")
        #expect(Self.check("namespace time", in: checks)?.status == .ok)
    }

    @Test func crunOnAHybridHostWithHugetlbInCgroup2Fails() {
        let layout = HostCgroupLayout(mode: .hybrid, hierarchies: [
            HostCgroupHierarchy(version: 1, mountPoint: "/sys/fs/cgroup/memory", controllers: ["memory"]),
            HostCgroupHierarchy(version: 2, mountPoint: "/sys/fs/cgroup/unified", controllers: ["hugetlb"]),
        ])
        let checks = HostDoctor.evaluate(facts: Self.facts(layout: layout), tools: Self.tools, perf: nil, probes: Self.probes)
        let crun = Self.check("crun cgroup mode", in: checks)
        #expect(crun?.status == .fail)
        #expect(crun?.fix?.contains("mount -t cgroup -o hugetlb") == true)
        #expect(Self.check("cgroups", in: checks)?.detail.hasPrefix("hybrid: v1 /sys/fs/cgroup/memory [memory]") == true)
        #expect(Self.check("perf events", in: checks)?.status == .warn, "perf missing is a warning")
    }

    @Test func missingRequirementsFail() {
        var facts = Self.facts(filesystems: ["ext4"])
        facts.namespaces.removeAll { $0 == "user" || $0 == "time" }
        var probes = Self.probes
        probes.userNamespaceWorks = false
        probes.busyboxPresent = false
        probes.subuid = nil
        let tools = [ToolCheck(name: "crun", command: ["crun", "--version"], version: nil, works: false, firstLine: nil)]
        let checks = HostDoctor.evaluate(facts: facts, tools: tools, perf: nil, probes: probes)
        let failed = Set(checks.filter { $0.status == .fail }.map(\.name))
        #expect(failed == ["overlayfs", "namespace user", "user namespaces", "busybox rootfs", "crun"])
        #expect(Self.check("namespace time", in: checks)?.status == .warn)
        #expect(Self.check("subordinate ids", in: checks)?.status == .warn)
        let report = DoctorReport(facts: facts, tools: tools, perfEvents: nil, checks: checks)
        #expect(report.hasFailures)
    }

    @Test func readsKernelVersionsAndSubordinateRanges() {
        #expect(HostDoctor.kernelVersion("6.18.44-fc-v857")! == (6, 18))
        #expect(HostDoctor.kernelVersion("5.4.0-150-generic")! == (5, 4))
        #expect(HostDoctor.kernelCheck(Self.facts()).status == .ok)
        #expect(HostDoctor.rootRange(in: "user:1:65536\nroot:100000:65536\n")! == (100000, 65536))
        #expect(HostDoctor.rootRange(in: "root:100000:1000\n") == nil, "too small for a full container range")
    }

    @Test func rendersOneLineAndTheFix() {
        #expect(DoctorCheck("overlayfs", .ok, "listed").rendered == "OK   overlayfs: listed")
        #expect(DoctorCheck("overlayfs", .fail, "missing", fix: "modprobe overlay").rendered
            == "FAIL overlayfs: missing\n     fix: modprobe overlay")
    }

    @Test func runsTheWholeDoctorAgainstAFakeHost() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/proc/sys/kernel/osrelease", "6.18.44\n")
        try tree.write("/proc/filesystems", "nodev\toverlay\n")
        try tree.write("/proc/self/status", "Seccomp:\t0\nCapEff:\t000001ffffffffff\n")
        try tree.write("/proc/self/mountinfo", "41 31 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n")
        try tree.write("/sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n")
        try tree.write("/opt/rootfs/bin/busybox", "")
        chmod(tree.path + "/opt/rootfs/bin/busybox", 0o755)
        let runner = HostCannedCommands(answers: [
            ["unshare", "--user", "true"]: HostCommandResult(status: 0, output: ""),
            ["crun", "--version"]: HostCommandResult(status: 0, output: "crun version 1.8.1\n"),
        ])
        let report = HostDoctor(root: tree.root, runner: runner,
                                environment: ["CBENCH_BUSYBOX_ROOTFS": "/opt/rootfs"],
                                locateProbe: { "/opt/cbench-probe" }).run()
        #expect(Self.check("cgroups", in: report.checks)?.detail == "v2: v2 /sys/fs/cgroup [cpu,memory,pids]")
        #expect(Self.check("busybox rootfs", in: report.checks)?.status == .ok)
        #expect(Self.check("crun", in: report.checks)?.detail == "1.8.1")
        #expect(Self.check("CAP_SYS_RESOURCE", in: report.checks)?.status == .ok)
        #expect(Self.check("runc", in: report.checks)?.status == .fail)
        #expect(Self.check("probe binary", in: report.checks)?.detail == "/opt/cbench-probe")
    }

    @Test func runtimeQuirksAreExplainedWhereTheyApply() {
        let layout = HostCgroupLayout(mode: .hybrid, hierarchies: [])
        let tools = [
            ToolCheck(name: "docker", command: [], version: "28.2.2", works: true, firstLine: "Docker version 28.2.2"),
            ToolCheck(name: "dockerd", command: [], version: "20.10.24", works: true, firstLine: "Docker version 20.10.24"),
            ToolCheck(name: "lxc-start", command: [], version: "5.0.2", works: true, firstLine: "5.0.2"),
            ToolCheck(name: "podman", command: [], version: "4.3.1", works: true, firstLine: "podman version 4.3.1"),
        ]
        let checks = HostDoctor.runtimeQuirkChecks(facts: Self.facts(layout: layout), tools: tools)
        #expect(Self.check("docker client", in: checks)?.status == .warn)
        #expect(Self.check("lxc-checkpoint", in: checks)?.detail.contains("private mount namespace") == true)
        #expect(Self.check("podman rlimits", in: checks)?.detail.contains("nofile=20000:20000") == true)
        // Same major versions, a v1 host and no podman: nothing to explain.
        let quiet = HostDoctor.runtimeQuirkChecks(facts: Self.facts(), tools: [tools[1], tools[1], tools[2]])
        #expect(quiet.isEmpty)
    }
}
