#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

extension BundleRuntime {
    /// Where a checkpoint or restore of `id` records its stage while it runs.
    public func journalPath(of id: String) -> String { "\(store.directory(of: id))/checkpoint.json" }

    /// `checkpoint`: dumps the running container into `options.imagePath`. Without
    /// `leaveRunning` (or `preDump`) the container is then gone and deleted, as with runc;
    /// `restore` brings it back. A failed checkpoint leaves it running.
    @discardableResult
    public func checkpoint(id: String, options: CheckpointOptions, service: CRIUService = CRIUService()) throws -> ContainerCheckpointer.Report {
        let record = try store.load(id: id)
        guard status(of: record) == .running else {
            throw CoreError(stage: "checkpoint \(id)", detail: "container is \(status(of: record).rawValue); only a running container can be checkpointed")
        }
        let spec = try RuntimeSpec.load(bundle: record.bundle)
        let cgroup = try Cgroup.open(path: record.cgroupPath)
        let layout = ContainerCheckpointLayout.ofRunning(spec: try spec.launchSpec(bundle: record.bundle), pid: record.pid,
                                                         rootfs: record.rootfs, cgroup: cgroup)
        let report = try ContainerCheckpointer(service: service).checkpoint(
            container: id, pid: record.pid, startTime: record.pidStartTime, layout: layout, options: options,
            journalPath: journalPath(of: id), extra: ["bundle": record.bundle])
        if options.leaveRunning || options.preDump {
            CheckpointJournal.remove(at: journalPath(of: id))
        } else {
            ProcessLiveness.waitUntilGone(pid: record.pid, startTime: record.pidStartTime, timeoutMilliseconds: 5_000)
            CheckpointJournal.remove(at: journalPath(of: id))
            try remove(record, cgroup: cgroup)
        }
        return report
    }

    /// A container left behind by a checkpoint that was cut short (its process gone, a
    /// journal in its directory) is deleted, so a restore under its id can go ahead; any
    /// other existing container is an error, as with runc.
    func clearCheckpointed(id: String) throws {
        guard let record = try? store.load(id: id) else {
            if CheckpointJournal.read(from: journalPath(of: id)) != nil {
                CheckpointJournal.remove(at: journalPath(of: id))
                store.remove(id: id)
            }
            return
        }
        guard status(of: record) == .stopped, CheckpointJournal.read(from: journalPath(of: id)) != nil else { return }
        CheckpointJournal.remove(at: journalPath(of: id))
        RootMount.release(restoreRoot(of: id))
        try remove(record, cgroup: try? Cgroup.open(path: record.cgroupPath))
    }

    func restoreRoot(of id: String) -> String { "\(store.directory(of: id))/criu-root" }
}
