import Foundation
import NamespaceCore
import Results
import Targets

/// "Resource limits enforced": one sub-row per limit. The container is started with that one
/// limit, set with the target's own means (`WorkloadLimits`: `linux.resources` of an OCI
/// config, `--memory`/`--pids-limit`/`--cpus`, `lxc.cgroup.*`), and the probe pushes against
/// it from inside (`--stress`, stress.c); the cell is what the probe met:
/// - memory: a child touching 4× the limit must be OOM-killed (SIGKILL) before it gets there;
/// - pids: forking 200 waiting children must fail (EAGAIN) before 200;
/// - cpu: two spinning children under a 0.1-CPU quota must be throttled, as the CFS counters
///   of the container's cpu.stat show (the throttled share of the periods). Their CPU time
///   over wall time is no evidence on a shared host: the host's load lowers it as much.
/// The probe also reports the limit files it sees inside (`--only limits`), for the evidence.
public struct ResourceLimitRow: ProbedFeatureRow {
    public enum Limit: String, CaseIterable, Sendable {
        case memory, pids, cpu
    }

    public var limit: Limit

    public init(_ limit: Limit) {
        self.limit = limit
    }

    public static var all: [ResourceLimitRow] { Limit.allCases.map { ResourceLimitRow($0) } }

    /// The limits set, and how hard the probe pushes against each.
    static let memoryMegabytes: Int64 = 64
    static let memoryTouched = 256
    static let pids: Int64 = 32
    static let forks = 200
    static let cpus = 0.1
    static let spinMilliseconds = 1500

    public var key: String { "limits-" + limit.rawValue }
    public var group: String { "resource limits" }
    public var feature: String {
        switch limit {
        case .memory: return "resource limits: memory (OOM kill at the limit)"
        case .pids: return "resource limits: pids (a fork bomb held)"
        case .cpu: return "resource limits: CPU quota (throttled share)"
        }
    }

    /// The limit as the container is given it, and the probe's push.
    var limits: WorkloadLimits {
        switch limit {
        case .memory: return WorkloadLimits(memoryMegabytes: Self.memoryMegabytes)
        case .pids: return WorkloadLimits(pids: Self.pids)
        case .cpu: return WorkloadLimits(cpus: Self.cpus)
        }
    }

    var request: String {
        switch limit {
        case .memory: return "memory:\(Self.memoryTouched)"
        case .pids: return "pids:\(Self.forks)"
        case .cpu: return "cpu:\(Self.spinMilliseconds)"
        }
    }

    var limitText: String {
        switch limit {
        case .memory: return "a \(Self.memoryMegabytes) MB memory limit"
        case .pids: return "a pids limit of \(Self.pids)"
        case .cpu: return "a CPU quota of \(Self.cpus) CPU (\(limits.cpuQuotaMicroseconds ?? 0) µs per \(WorkloadLimits.cpuPeriodMicroseconds) µs period)"
        }
    }

    public func container(_ setup: FeatureRowSetup) throws -> ContainerWorkload {
        var workload = setup.probeWorkload(rootfs: setup.busyboxRootfs, ["--only", "limits", "--stress", request])
        workload.limits = limits
        return workload
    }

    /// The CPU row reads the container's cgroup from the host too: LXC's containers see no
    /// cpu.stat of their own.
    public var watchesCgroup: Bool { limit == .cpu }

    public func judge(_ report: ProbeReport, target: String) -> FeatureResult { judge(report, host: HostSide(), target: target) }

    public func judge(_ report: ProbeReport, host: HostSide, target: String) -> FeatureResult {
        guard let stress = report.stress?.first(where: { $0.request == request }), stress.kind == limit.rawValue else {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: "the probe's report has no --stress \(request)",
                                 detail: "the probe did not push against the limit")
        }
        let seen = "limit files inside: memory \(report.limits?.memoryMax ?? "none") (\(report.limits?.memoryMaxPath ?? "no file")), "
            + "pids \(report.limits?.pidsMax ?? "none") (\(report.limits?.pidsMaxPath ?? "no file"))"
        switch limit {
        case .memory: return judgeMemory(stress, target: target, seen: seen)
        case .pids: return judgePids(stress, target: target, seen: seen)
        case .cpu: return judgeCPU(stress, host: host.throttling, target: target)
        }
    }

    func cell(_ target: String, _ outcome: FeatureOutcome, _ lines: [String], _ detail: String) -> FeatureResult {
        FeatureResult(feature: feature, target: target, outcome: outcome,
                      evidence: (["set: \(limitText)", "probe: cbench-probe --stress \(request)"] + lines).joined(separator: "\n"), detail: detail)
    }

    func judgeMemory(_ stress: ProbeReport.Stress, target: String, seen: String) -> FeatureResult {
        let reached = stress.reached ?? 0
        let end = stress.signal.map { "killed by \($0)" } ?? stress.exitStatus.map { "exited \($0)" } ?? "ended unseen"
        let lines = ["a child touching \(Self.memoryTouched) MB, 1 MB at a time: \(end) after \(reached) MB", seen]
        if let error = stress.errno {
            return cell(target, .failed, lines + ["fork: \(error)"], "the probe could not start its child: \(error)")
        }
        if stress.signal == "SIGKILL", reached < Self.memoryTouched {
            return cell(target, .supported, lines, "OOM kill (SIGKILL) after \(reached) MB under \(limitText)")
        }
        if stress.exitStatus == 0, reached >= Self.memoryTouched {
            return cell(target, .notSupported, lines, "not enforced: the child touched all \(Self.memoryTouched) MB under \(limitText)")
        }
        return cell(target, .failed, lines, "the child \(end) after \(reached) MB: neither an OOM kill nor a full run")
    }

    func judgePids(_ stress: ProbeReport.Stress, target: String, seen: String) -> FeatureResult {
        let reached = stress.reached ?? 0
        let lines = ["forking up to \(Self.forks) waiting children: \(reached) started" + (stress.errno.map { ", then fork failed with \($0)" } ?? ""), seen]
        if stress.errno == "EAGAIN", reached < Self.forks {
            return cell(target, .supported, lines, "fork failed with EAGAIN after \(reached) children under \(limitText)")
        }
        if stress.errno == nil, reached >= Self.forks {
            return cell(target, .notSupported, lines, "not enforced: all \(Self.forks) children started under \(limitText)")
        }
        return cell(target, .failed, lines, "fork stopped after \(reached) children with \(stress.errno ?? "no error"), not the pids limit's EAGAIN")
    }

    /// From the container's cpu.stat as the probe read it over the spin; where the container
    /// sees none, from its cgroup's counters as the host read them last before the container
    /// ended (its whole run, of which the spin is nearly all).
    func judgeCPU(_ stress: ProbeReport.Stress, host: CgroupThrottling?, target: String) -> FeatureResult {
        let wall = stress.wallMs ?? 0, cpu = stress.cpuMs ?? 0
        let share = wall > 0 ? Double(cpu) / Double(wall) : 0
        var lines = ["\(stress.workers ?? 0) spinning children for \(wall) ms of wall time got \(cpu) ms of CPU (\(Self.format(share)) CPU); host load \(stress.loadavg ?? "unknown")"]
        if let error = stress.errno {
            return cell(target, .failed, lines + ["fork: \(error)"], "the probe could not start its workers: \(error)")
        }
        let counters: (periods: Int, throttled: Int, milliseconds: Int)
        if let stat = stress.cpuStat {
            lines.append("\(stat.path) over the spin: \(stat.throttled) of \(stat.periods) periods throttled, \(stat.throttledUs / 1000) ms throttled")
            counters = (stat.periods, stat.throttled, stat.throttledUs / 1000)
        } else if let host {
            lines.append("no cpu.stat is visible inside the container; from the host, \(host.file) over the container's run: "
                         + "\(host.throttledPeriods) of \(host.periods) periods throttled, \(host.throttledMicroseconds / 1000) ms throttled")
            counters = (Int(host.periods), Int(host.throttledPeriods), Int(host.throttledMicroseconds / 1000))
        } else {
            lines.append("no cpu.stat is visible inside the container, and the host read none of its cgroup")
            if share > Self.cpus * 2 {
                return cell(target, .notSupported, lines, "not enforced: the workers used \(Self.format(share)) CPU under \(limitText)")
            }
            return cell(target, .failed, lines, "no cpu.stat inside or from the host, and a share of \(Self.format(share)) CPU cannot be told apart from the host's load")
        }
        if counters.throttled > 0 {
            let throttledShare = Double(counters.throttled) / Double(max(counters.periods, 1))
            return cell(target, .supported, lines,
                        "throttled in \(counters.throttled) of \(counters.periods) periods (\(Int((throttledShare * 100).rounded()))%) under \(limitText)"
                            + (stress.cpuStat == nil ? ", read from the host" : ""))
        }
        if counters.periods == 0, stress.cpuStat == nil {
            // No cgroup the host read ran a quota period (say only LXC's lxc.pivot beside the
            // payload was seen): that proves nothing about the container's quota.
            return cell(target, .failed, lines, "the host read no quota period in the container's cgroups, and a share of \(Self.format(share)) CPU cannot be told apart from the host's load")
        }
        if counters.periods == 0 {
            return cell(target, .notSupported, lines, "not enforced: no quota period ran in the container's cgroup (no CFS quota on it)")
        }
        return cell(target, .notSupported, lines, "not enforced: none of \(counters.periods) periods was throttled under \(limitText)")
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
