import NamespaceCore

extension BundleRuntime {
    /// The host pids in the container's cgroup (`ps`); a stopped container has none to show.
    public func pids(id: String) throws -> [Int32] {
        let record = try store.load(id: id)
        guard status(of: record) != .stopped else { throw CoreError(stage: "ps \(id)", detail: "container is not running") }
        return try Cgroup.open(path: record.cgroupPath).pids()
    }
}
