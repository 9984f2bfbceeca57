import Checkpoints
import NamespaceCore
import Targets

/// Gathers host facts, tool versions and probes, and turns them into `DoctorCheck`s.
/// Everything external goes through `root` and `runner`, so tests feed a fake tree and canned output.
public struct HostDoctor: Sendable {
    public var root: HostRoot
    public var runner: any HostCommandRunning
    public var environment: [String: String]
    /// Finds the static probe binary; `ProbeLocator.find` on the real host.
    public var locateProbe: @Sendable () -> String?

    public init(root: HostRoot = .system, runner: any HostCommandRunning = HostCommandRunner(),
                environment: [String: String] = [:],
                locateProbe: @escaping @Sendable () -> String? = { ProbeLocator.find() }) {
        self.root = root
        self.runner = runner
        self.environment = environment
        self.locateProbe = locateProbe
    }

    public static let defaultBusyboxRootfs = "/var/lib/cbench/rootfs/busybox"

    public func run() -> DoctorReport {
        let facts = HostFacts.read(from: root)
        let tools = ToolCheck.checkAll(runner: runner)
        let perf = HostPerfEvents.probe(runner: runner)
        let probes = DoctorProbes(
            userNamespaceWorks: runner.run(["unshare", "--user", "true"])?.status == 0,
            criuCheckOutput: tools.first { $0.name == "criu" && $0.works }.flatMap { _ in
                runner.run(["criu", "check"])?.output
            },
            subuid: root.read("/etc/subuid"),
            subgid: root.read("/etc/subgid"),
            busyboxRootfs: environment["CBENCH_BUSYBOX_ROOTFS"] ?? Self.defaultBusyboxRootfs,
            busyboxPresent: root.isExecutableFile(hostJoin(environment["CBENCH_BUSYBOX_ROOTFS"]
                ?? Self.defaultBusyboxRootfs, "bin/busybox")),
            probePath: locateProbe(),
            pipeLimit: PipeLimitProbe(PageServerPipeLimit(read: { [root] path in root.read(path) })),
            memorySkew: memorySkew(facts: facts)
        )
        return DoctorReport(facts: facts, tools: tools, perfEvents: perf,
                            checks: Self.evaluate(facts: facts, tools: tools, perf: perf, probes: probes))
    }
}

/// The results of the doctor's active probes, kept apart so `evaluate` is a pure function.
public struct DoctorProbes: Sendable, Equatable {
    public var userNamespaceWorks: Bool
    /// Output of `criu check`, nil when criu did not run.
    public var criuCheckOutput: String?
    public var subuid: String?
    public var subgid: String?
    public var busyboxRootfs: String
    public var busyboxPresent: Bool
    public var probePath: String?
    /// What bounds the pipe of CRIU's lazy page server here (fs.pipe-max-size, CAP_SYS_RESOURCE).
    /// nil: not probed (no check line).
    public var pipeLimit: PipeLimitProbe?
    /// Kdamonds, memory cgroups and an empty memory cgroup's cost. nil: not probed (no check lines).
    public var memorySkew: HostMemorySkew?

    public init(userNamespaceWorks: Bool, criuCheckOutput: String?, subuid: String?, subgid: String?,
                busyboxRootfs: String, busyboxPresent: Bool, probePath: String?,
                pipeLimit: PipeLimitProbe? = nil, memorySkew: HostMemorySkew? = nil) {
        self.userNamespaceWorks = userNamespaceWorks
        self.criuCheckOutput = criuCheckOutput
        self.subuid = subuid
        self.subgid = subgid
        self.busyboxRootfs = busyboxRootfs
        self.busyboxPresent = busyboxPresent
        self.probePath = probePath
        self.pipeLimit = pipeLimit
        self.memorySkew = memorySkew
    }
}
