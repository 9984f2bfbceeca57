import Glibc
import NamespaceCore
import Targets

/// Reads what a running layout costs in memory: the host's MemAvailable drop since
/// `baseline` (everything: containers, helpers, daemons, kernel objects, minus what the page
/// cache gives back), the sum of the containers' cgroups, and the PSS of the helper
/// processes outside them (each container's parent when it is not us, and the target's daemons).
struct LayoutMemory: Sendable {
    let target: any ApplicationTarget
    let deployment: ApplicationDeployment
    /// MemAvailable just before the layout started, in bytes.
    let baseline: UInt64

    func read() -> MemoryReading {
        let containers = target.containers(deployment)
        var cgroupBytes: UInt64 = 0
        for path in containers.compactMap(\.cgroup) {
            cgroupBytes += (try? Cgroup.open(path: path))?.stats().memoryUsage ?? 0
        }
        let available = EnvironmentCollector.memAvailableBytes() ?? baseline
        let drop = baseline > available ? baseline - available : 0
        return MemoryReading(hostDrop: Self.megabytes(drop), cgroups: Self.megabytes(cgroupBytes),
                             helpers: Self.megabytes(helperPids(containers).reduce(0) { $0 + Self.proportionalSetSize(of: $1) }))
    }

    /// Each container's parent that is not this process or init, and the target's daemons.
    func helperPids(_ containers: [ApplicationContainerState]) -> [pid_t] {
        var pids: [pid_t] = []
        let own = getpid()
        for pid in containers.compactMap(\.pid) {
            guard let parent = HostProcessStat.read(pid: pid)?.parentPid, parent > 1, parent != own, !pids.contains(parent) else { continue }
            pids.append(parent)
        }
        for pid in target.daemonPids() where !pids.contains(pid) { pids.append(pid) }
        return pids
    }

    /// `Pss:` of /proc/PID/smaps_rollup (shared pages split between their users), in bytes.
    static func proportionalSetSize(of pid: pid_t) -> UInt64 {
        let text = FileIO.contents("/proc/\(pid)/smaps_rollup")
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Pss:") }),
              let kib = line.split(separator: " ").dropFirst().first.flatMap({ UInt64($0) }) else { return 0 }
        return kib * 1024
    }

    static func megabytes(_ bytes: UInt64) -> Double { Double(bytes) / 1_048_576 }
}
