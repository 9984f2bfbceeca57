import Glibc
import NamespaceCore

extension BundleRuntime {
    /// `pause`: freezes every process of a running container (its cgroup's freezer).
    public func pause(id: String) throws {
        var record = try store.load(id: id)
        let status = status(of: record)
        guard status == .running else {
            throw CoreError(stage: "pause \(id)", detail: "container is \(status.rawValue), not running")
        }
        let cgroup = try Cgroup.open(path: record.cgroupPath)
        guard cgroup.hasFreezer else {
            throw CoreError(stage: "pause \(id)", errno: ENOENT, detail: "no freezer for \(record.cgroupPath): mount the v1 freezer or use cgroup v2")
        }
        record.paused = true
        try store.save(record)
        do { try cgroup.freeze() } catch {
            record.paused = nil
            try? store.save(record)
            throw error
        }
    }

    /// `resume`: thaws a paused container.
    public func resume(id: String) throws {
        var record = try store.load(id: id)
        let status = status(of: record)
        guard status == .paused else {
            throw CoreError(stage: "resume \(id)", detail: "container is \(status.rawValue), not paused")
        }
        try Cgroup.open(path: record.cgroupPath).thaw()
        record.paused = nil
        try store.save(record)
    }

    /// A signal that ends processes reaches a frozen task only once it thaws: after SIGKILL
    /// to a paused container, thaw it (runc does the same for `kill --all`).
    func thawAfterKill(_ record: ContainerRecord, signal: Int32) {
        guard signal == SIGKILL, record.paused == true, let cgroup = try? Cgroup.open(path: record.cgroupPath) else { return }
        try? cgroup.thaw()
    }
}
