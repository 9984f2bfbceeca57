import Foundation
import Glibc
import NamespaceCore

/// What the density drivers look up about a running idle container through its cgroup: the
/// processes in it (and in any cgroups a runtime nests below it), whether it has booted,
/// and the monitor the runtime keeps for it.
enum IdleProcesses {
    /// Every process in the cgroup at `path` and below, read in one hierarchy (pids or
    /// memory on v1, the unified one otherwise).
    static func pids(inCgroup path: String, host: CgroupHost? = try? CgroupHost.current()) -> [pid_t] {
        guard let host else { return [] }
        let hierarchy = host.layout.v1Hierarchy(for: "pids") ?? host.layout.v1Hierarchy(for: "memory") ?? host.layout.unified
        guard let mountPoint = hierarchy?.mountPoint else { return [] }
        var found: [pid_t] = []
        var pending = [mountPoint + "/" + path]
        while let directory = pending.popLast() {
            let text = (try? FileIO.read(directory + "/cgroup.procs")).map { String(decoding: $0, as: UTF8.self) } ?? ""
            found += text.split(separator: "\n").compactMap { pid_t($0) }
            pending += ((try? FileIO.directoryNames(in: directory)) ?? []).map { directory + "/" + $0 }
        }
        return found
    }

    /// Until a process of the cgroup sees `marker` in its root (the readiness marker the
    /// init writes once its services run); throws after `timeout` seconds.
    static func waitForMarker(_ marker: String, cgroup path: String, container: String, timeout: Double) throws {
        let host = try CgroupHost.current()
        let deadline = MonotonicClock.now() + UInt64(timeout * 1e9)
        while true {
            if pids(inCgroup: path, host: host).contains(where: { access("/proc/\($0)/root\(marker)", F_OK) == 0 }) { return }
            if MonotonicClock.now() >= deadline {
                throw CoreError(stage: "wait \(container) booted", errno: ETIMEDOUT, detail: "\(marker) did not appear within \(Int(timeout)) s")
            }
            usleep(2000)
        }
    }

    /// The monitor a runtime keeps for the container: the parent, named in `names`, of a
    /// process in the cgroup (conmon, the LXC monitor). Nil when there is none.
    static func monitor(ofCgroup path: String, named names: Set<String>) -> pid_t? {
        for pid in pids(inCgroup: path) {
            guard let parent = HostProcessStat.read(pid: pid)?.parentPid,
                  let stat = HostProcessStat.read(pid: parent), names.contains(stat.command) else { continue }
            return parent
        }
        return nil
    }

    /// Records the monitor's pid beside the container, so teardown can reap it when it came
    /// back to the runner (a subreaper).
    static func recordMonitor(of container: PreparedContainer, cgroup: String? = nil, named names: Set<String>) {
        guard let pid = monitor(ofCgroup: cgroup ?? container.cgroupPath, named: names) else { return }
        try? FileIO.write(container.bundle + "/monitor.pid", Array("\(pid)".utf8))
    }

    /// Reaps the recorded monitor once it has exited (bounded; not ours: nothing happens).
    static func reapRecordedMonitor(of container: PreparedContainer) {
        guard let bytes = try? FileIO.read(container.bundle + "/monitor.pid", limit: 64),
              let pid = pid_t(String(decoding: bytes, as: UTF8.self)) else { return }
        ProcessReaping.reap(pid, waitingAtMost: 5)
    }
}
