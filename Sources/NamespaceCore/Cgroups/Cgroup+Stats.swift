/// Usage counters of one cgroup; nil where the host does not provide the file.
public struct CgroupStats: Sendable, Equatable {
    public var memoryUsage: UInt64?
    /// Highest usage seen (v1 max_usage_in_bytes, v2 memory.peak on kernels 5.19+).
    public var memoryPeak: UInt64?
    /// Processes the OOM killer ended inside the cgroup.
    public var oomKills: UInt64?
    public var pidsCurrent: UInt64?
    public var cpuUsageNanoseconds: UInt64?
    /// The memory limit in force (v1 limit_in_bytes, v2 memory.max; "max" reads UInt64.max).
    public var memoryLimit: UInt64?
    /// How often usage hit the limit (v1 memory.failcnt, v2 `max` in memory.events).
    public var memoryFailures: UInt64?
    /// pids.max; nil when it is "max".
    public var pidsLimit: UInt64?

    public init(memoryUsage: UInt64? = nil, memoryPeak: UInt64? = nil, oomKills: UInt64? = nil,
                pidsCurrent: UInt64? = nil, cpuUsageNanoseconds: UInt64? = nil,
                memoryLimit: UInt64? = nil, memoryFailures: UInt64? = nil, pidsLimit: UInt64? = nil) {
        self.memoryUsage = memoryUsage
        self.memoryPeak = memoryPeak
        self.oomKills = oomKills
        self.pidsCurrent = pidsCurrent
        self.cpuUsageNanoseconds = cpuUsageNanoseconds
        self.memoryLimit = memoryLimit
        self.memoryFailures = memoryFailures
        self.pidsLimit = pidsLimit
    }
}

extension Cgroup {
    /// Reads the usage counters; a file that is missing leaves its field nil.
    public func stats() -> CgroupStats {
        if host.mode == .v2 {
            let usecs = keyed("cpu", "cpu.stat")["usage_usec"]
            return CgroupStats(
                memoryUsage: number("memory", "memory.current"),
                memoryPeak: number("memory", "memory.peak"),
                oomKills: oomKills(),
                pidsCurrent: number("pids", "pids.current"),
                cpuUsageNanoseconds: usecs.map { $0 * 1_000 },
                memoryLimit: text("memory", "memory.max").flatMap { $0.trimmingWhitespace() == "max" ? UInt64.max : UInt64($0.trimmingWhitespace()) },
                memoryFailures: keyed("memory", "memory.events")["max"],
                pidsLimit: number("pids", "pids.max")
            )
        }
        return CgroupStats(
            memoryUsage: number("memory", "memory.usage_in_bytes"),
            memoryPeak: number("memory", "memory.max_usage_in_bytes"),
            oomKills: oomKills(),
            pidsCurrent: number("pids", "pids.current"),
            cpuUsageNanoseconds: number("cpuacct", "cpuacct.usage"),
            memoryLimit: number("memory", "memory.limit_in_bytes"),
            memoryFailures: number("memory", "memory.failcnt"),
            pidsLimit: number("pids", "pids.max")
        )
    }

    /// Processes the OOM killer ended inside the cgroup (what docker's `State.OOMKilled` is
    /// made from); nil where the host does not count them.
    public func oomKills() -> UInt64? {
        host.mode == .v2 ? keyed("memory", "memory.events")["oom_kill"] : keyed("memory", "memory.oom_control")["oom_kill"]
    }

    private func text(_ controller: String, _ file: String) -> String? {
        guard let directory = directory(for: controller) else { return nil }
        return try? fs.read(directory.file(file))
    }

    private func number(_ controller: String, _ file: String) -> UInt64? {
        text(controller, file).flatMap { UInt64($0.trimmingWhitespace()) }
    }

    private func keyed(_ controller: String, _ file: String) -> [String: UInt64] {
        text(controller, file)?.cgroupKeyedValues() ?? [:]
    }
}

/// The CFS bandwidth counters of a cgroup's cpu.stat: the quota periods that passed, how
/// many of them ended throttled, and the time its tasks were held.
public struct CgroupThrottling: Sendable, Equatable {
    /// The cpu.stat file read.
    public var file: String
    public var periods: UInt64
    public var throttledPeriods: UInt64
    public var throttledMicroseconds: UInt64

    public init(file: String, periods: UInt64, throttledPeriods: UInt64, throttledMicroseconds: UInt64) {
        self.file = file
        self.periods = periods
        self.throttledPeriods = throttledPeriods
        self.throttledMicroseconds = throttledMicroseconds
    }
}

extension Cgroup {
    /// The cgroup's CFS counters (v1 `throttled_time` in ns, v2 `throttled_usec`); nil where
    /// the cpu controller or its counters are missing.
    public func throttling() -> CgroupThrottling? {
        guard let file = directory(for: "cpu")?.file("cpu.stat") else { return nil }
        let values = keyed("cpu", "cpu.stat")
        guard let periods = values["nr_periods"], let throttled = values["nr_throttled"] else { return nil }
        let microseconds = values["throttled_usec"] ?? values["throttled_time"].map { $0 / 1_000 } ?? 0
        return CgroupThrottling(file: file, periods: periods, throttledPeriods: throttled, throttledMicroseconds: microseconds)
    }
}
