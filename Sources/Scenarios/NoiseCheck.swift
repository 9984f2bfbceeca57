import Foundation
import Glibc
import NamespaceCore
import Results

/// How busy the host is, looked at before the first step and after the last: the load
/// average, each CPU's frequency, and the other processes that used CPU over a short window.
public enum NoiseCheck {
    /// A process counts as busy above this share of one CPU over the window.
    static let busyPercent = 10.0
    /// The load average (1 minute) per core above which the host counts as busy.
    static let busyLoadPerCore = 0.5

    /// One look, `window` seconds long; `ownPid`'s processes are not counted as others.
    public static func sample(window: Double = 0.5, ownPid: Int32 = getpid(), root: HostRoot = .system) -> NoiseSample {
        let before = cpuTimes(root: root)
        usleep(UInt32(window * 1_000_000))
        let after = cpuTimes(root: root)
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let ours = descendants(of: ownPid, stats: after)
        var busy: [BusyProcess] = []
        for (pid, now) in after where !ours.contains(pid) {
            guard let then = before[pid], then.startTime == now.startTime, now.cpuTicks > then.cpuTicks else { continue }
            let percent = Double(now.cpuTicks - then.cpuTicks) / ticksPerSecond / window * 100
            if percent >= busyPercent { busy.append(BusyProcess(pid: pid, command: now.command, cpuPercent: percent.rounded())) }
        }
        return NoiseSample(loadAverage: loadAverage(root: root), cpuMHz: cpuMHz(root: root),
                           busyProcesses: busy.sorted { $0.cpuPercent > $1.cpuPercent })
    }

    /// Reasons to distrust numbers taken while `sample` held.
    public static func warnings(_ sample: NoiseSample, cores: Int, when: String) -> [String] {
        var warnings: [String] = []
        if let load = sample.loadAverage.first, load > busyLoadPerCore * Double(cores) {
            warnings.append(String(format: "the host was busy %@: load average %.2f on %d cores", when, load, cores))
        }
        if !sample.busyProcesses.isEmpty {
            let list = sample.busyProcesses.prefix(5).map { "\($0.command) (pid \($0.pid)) \(Int($0.cpuPercent))%" }.joined(separator: ", ")
            warnings.append("other processes used CPU \(when): \(list)")
        }
        if let low = sample.cpuMHz.min(), let high = sample.cpuMHz.max(), high > 0, (high - low) / high > 0.2 {
            warnings.append(String(format: "CPU frequencies differ %@: %.0f to %.0f MHz (frequency scaling)", when, low, high))
        }
        return warnings
    }

    static func cpuTimes(root: HostRoot) -> [Int32: HostProcessStat] {
        var seen: [Int32: HostProcessStat] = [:]
        for entry in root.list("/proc") ?? [] {
            guard let pid = Int32(entry), let stat = HostProcessStat.read(pid: pid, root: root) else { continue }
            seen[pid] = stat
        }
        return seen
    }

    /// `pid` and every process below it.
    static func descendants(of pid: Int32, stats: [Int32: HostProcessStat]) -> Set<Int32> {
        var found: Set<Int32> = [pid]
        var grew = true
        while grew {
            grew = false
            for (child, stat) in stats where !found.contains(child) && found.contains(stat.parentPid) {
                found.insert(child)
                grew = true
            }
        }
        return found
    }

    static func loadAverage(root: HostRoot) -> [Double] {
        (root.read("/proc/loadavg") ?? "").split(separator: " ").prefix(3).compactMap { Double($0) }
    }

    /// scaling_cur_freq of every CPU (kHz), else the `cpu MHz` lines of /proc/cpuinfo.
    static func cpuMHz(root: HostRoot) -> [Double] {
        let cpus = (root.list("/sys/devices/system/cpu") ?? []).filter { $0.hasPrefix("cpu") && Int($0.dropFirst(3)) != nil }.sorted()
        let scaled = cpus.compactMap { cpu in
            root.read("/sys/devices/system/cpu/\(cpu)/cpufreq/scaling_cur_freq").flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        if !scaled.isEmpty { return scaled.map { $0 / 1000 } }
        return (root.read("/proc/cpuinfo") ?? "").split(separator: "\n").filter { $0.hasPrefix("cpu MHz") }
            .compactMap { $0.split(separator: ":").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
    }
}
