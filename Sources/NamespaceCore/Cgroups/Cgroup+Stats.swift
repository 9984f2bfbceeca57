/// Usage counters of one cgroup; nil where the host does not provide the file.
public struct CgroupStats: Sendable, Equatable {
    public var memoryUsage: UInt64?
    /// Highest usage seen (v1 max_usage_in_bytes, v2 memory.peak on kernels 5.19+).
    public var memoryPeak: UInt64?
    /// Processes the OOM killer ended inside the cgroup.
    public var oomKills: UInt64?
    public var pidsCurrent: UInt64?
    public var cpuUsageNanoseconds: UInt64?

    public init(memoryUsage: UInt64? = nil, memoryPeak: UInt64? = nil, oomKills: UInt64? = nil,
                pidsCurrent: UInt64? = nil, cpuUsageNanoseconds: UInt64? = nil) {
        self.memoryUsage = memoryUsage
        self.memoryPeak = memoryPeak
        self.oomKills = oomKills
        self.pidsCurrent = pidsCurrent
        self.cpuUsageNanoseconds = cpuUsageNanoseconds
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
                cpuUsageNanoseconds: usecs.map { $0 * 1_000 }
            )
        }
        return CgroupStats(
            memoryUsage: number("memory", "memory.usage_in_bytes"),
            memoryPeak: number("memory", "memory.max_usage_in_bytes"),
            oomKills: oomKills(),
            pidsCurrent: number("pids", "pids.current"),
            cpuUsageNanoseconds: number("cpuacct", "cpuacct.usage")
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
