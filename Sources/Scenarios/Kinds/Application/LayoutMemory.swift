import Glibc
import NamespaceCore
import Targets

/// Reads what a running layout costs in memory: the host's MemAvailable drop since
/// `baseline` (everything: containers, helpers, daemons, kernel objects, minus what the page
/// cache gives back), the sum of the containers' cgroups, and the PSS of the helper
/// processes outside them: each container's parent when it is not us (conmon, containerd-shim,
/// LXC's monitor, cbench app's supervisor or monitor), the port forwarder of a layout whose
/// runtime publishes no port itself, and the target's daemons. A cbench system container
/// started in process has no supervisor: its init's parent is this runner, which does nothing
/// for it while it runs (after `cbench system start` the init has no cbench process at all).
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

    /// Each container's parent that is not this process or init, the layout's port forwarder
    /// and the target's daemons.
    func helperPids(_ containers: [ApplicationContainerState]) -> [pid_t] {
        var pids: [pid_t] = []
        let own = getpid()
        for pid in containers.compactMap(\.pid) {
            guard let parent = HostProcessStat.read(pid: pid)?.parentPid, parent > 1, parent != own, !pids.contains(parent) else { continue }
            pids.append(parent)
        }
        if let forwarder = deployment.forwarderPid, !pids.contains(forwarder) { pids.append(forwarder) }
        for pid in target.daemonPids() where !pids.contains(pid) { pids.append(pid) }
        return pids
    }

    /// The helpers now, each named as `ps` shows it and with its PSS, for the report.
    func helpers() -> [LayoutHelper] {
        helperPids(target.containers(deployment)).map { pid in
            LayoutHelper(name: LayoutHelper.name(commandLine: Self.commandLine(of: pid)), megabytes: Self.megabytes(Self.proportionalSetSize(of: pid)))
        }
    }

    static func commandLine(of pid: pid_t) -> [String] {
        ((try? FileIO.read("/proc/\(pid)/cmdline", limit: 1 << 16)) ?? []).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
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
