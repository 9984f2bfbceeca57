import NamespaceCore

extension BundleRuntime {
    /// `update`: writes new limits into a created, running or paused container's cgroup.
    public func update(id: String, _ update: ResourceUpdate) throws {
        let record = try store.load(id: id)
        guard status(of: record) != .stopped else { throw CoreError(stage: "update \(id)", detail: "container is not running") }
        let resources = try update.cgroupResources()
        try Cgroup.open(path: record.cgroupPath).update(resources)
    }
}
