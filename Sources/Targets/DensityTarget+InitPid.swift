import Glibc
import NamespaceCore

extension DensityTarget {
    /// The host pid of a running idle container's init (pid 1 inside): the target's own
    /// answer where it checkpoints (it knows its init), else the process of the container's
    /// cgroup whose innermost pid is 1.
    public func idleInitPid(_ container: PreparedContainer) throws -> pid_t {
        if let checkpointing = self as Any as? any CheckpointingTarget, let pid = try? checkpointing.initPid(container) { return pid }
        guard let path = idleCgroup(container) else {
            throw CoreError(stage: "\(name) init of \(container.id)", detail: "no init pid and no cgroup to find it in")
        }
        let pids = IdleProcesses.pids(inCgroup: path)
        guard let pid = pids.first(where: { Self.innermostPid(of: $0) == 1 }) ?? pids.first else {
            throw CoreError(stage: "\(name) init of \(container.id)", detail: "no process in cgroup \(path)")
        }
        return pid
    }

    /// The last `NSpid` entry of `/proc/PID/status`: the pid in its innermost pid namespace.
    static func innermostPid(of pid: pid_t) -> Int? {
        guard let bytes = try? FileIO.read("/proc/\(pid)/status", limit: 8192) else { return nil }
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("NSpid:") }
        return line?.split(whereSeparator: \.isWhitespace).last.flatMap { Int($0) }
    }
}
