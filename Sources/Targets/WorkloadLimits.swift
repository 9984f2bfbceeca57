import NamespaceCore

/// The cgroup limits a workload asks its target for, each nil when not asked: every target
/// sets them with its own means (an OCI config's `linux.resources`, `--memory`,
/// `--pids-limit` and `--cpus` of the engines and cbench app, `lxc.cgroup.*` keys of LXC and
/// cbench system).
public struct WorkloadLimits: Sendable, Equatable {
    /// Memory in MiB.
    public var memoryMegabytes: Int64?
    /// Processes (and threads) the container may hold at once.
    public var pids: Int64?
    /// A CPU quota in CPUs: 0.1 is 10 ms of CPU time in every 100 ms period.
    public var cpus: Double?

    public init(memoryMegabytes: Int64? = nil, pids: Int64? = nil, cpus: Double? = nil) {
        self.memoryMegabytes = memoryMegabytes
        self.pids = pids
        self.cpus = cpus
    }

    /// The CFS period every target is given with a CPU quota (Docker's and runc's default).
    public static let cpuPeriodMicroseconds: Int64 = 100_000

    public var memoryBytes: Int64? { memoryMegabytes.map { $0 << 20 } }
    public var cpuQuotaMicroseconds: Int64? { cpus.map { Int64(($0 * Double(Self.cpuPeriodMicroseconds)).rounded()) } }
    public var isEmpty: Bool { memoryMegabytes == nil && pids == nil && cpus == nil }

    /// `--memory NNm`, `--pids-limit N`, `--cpus X` (Docker, podman and cbench app alike).
    public var dockerStyleArguments: [String] {
        var arguments: [String] = []
        if let memoryMegabytes { arguments += ["--memory", "\(memoryMegabytes)m"] }
        if let pids { arguments += ["--pids-limit", String(pids)] }
        if let cpus { arguments += ["--cpus", String(cpus)] }
        return arguments
    }

    /// `lxc.cgroup.*` keys on a v1 or hybrid host, `lxc.cgroup2.*` on a v2 host, as LXC reads
    /// them (and cbench system, which shares LXC's config syntax).
    public func lxcLines(mode: CgroupMode) -> [String] {
        var lines: [String] = []
        let v2 = mode == .v2
        let prefix = v2 ? "lxc.cgroup2." : "lxc.cgroup."
        if let memoryBytes { lines.append(prefix + (v2 ? "memory.max" : "memory.limit_in_bytes") + " = \(memoryBytes)") }
        if let pids { lines.append(prefix + "pids.max = \(pids)") }
        if let quota = cpuQuotaMicroseconds {
            if v2 {
                lines.append(prefix + "cpu.max = \(quota) \(Self.cpuPeriodMicroseconds)")
            } else {
                lines.append(prefix + "cpu.cfs_period_us = \(Self.cpuPeriodMicroseconds)")
                lines.append(prefix + "cpu.cfs_quota_us = \(quota)")
            }
        }
        return lines
    }

    /// This host's cgroup mode, for `lxcLines`; hybrid when it cannot be read (this host kind).
    public static func hostMode() -> CgroupMode {
        (try? CgroupHost.current().mode) ?? .hybrid
    }
}
