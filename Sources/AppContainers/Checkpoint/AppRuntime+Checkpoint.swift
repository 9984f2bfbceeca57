#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import JSONRecords
import NamespaceCore

extension AppRuntime {
    /// `checkpoint NAME`: dumps the running container into its own checkpoint directory, as
    /// podman does. Without `leaveRunning` it then stands exited and checkpointed (its
    /// supervisor has recorded the end); `restore` brings it back under its name, address and
    /// volumes. With `export` the checkpoint is also written to a tar.gz. A failed
    /// checkpoint leaves the container running.
    @discardableResult
    public func checkpoint(_ reference: String, options: AppCheckpointOptions,
                           service: CRIUService = CRIUService()) throws -> ContainerCheckpointer.Report {
        let record = try store.loadRecord(of: try store.resolve(reference))
        let stage = "checkpoint \(record.name)"
        guard let live = store.loadRunState(of: record.id), live.isAlive else {
            throw CoreError(stage: stage, detail: "is not running (start it with `cbench app start \(record.name)`)")
        }
        guard !record.config.usernsRemap else {
            throw CoreError(stage: stage, errno: EOPNOTSUPP, detail: "containers with --userns=remap cannot be checkpointed yet")
        }
        let (spec, _) = try containerSpec(record)
        let cgroup = try Cgroup.open(path: live.cgroupPath)
        // The overlay root exists only inside the container: CRIU reaches it through the init.
        let layout = ContainerCheckpointLayout.ofRunning(spec: spec, pid: live.pid, rootfs: "/proc/\(live.pid)/root", cgroup: cgroup)
        let images = store.checkpointDirectory(of: record.id)
        try FileIO.removeTree(images)
        guard mkdir(images, 0o700) == 0 else { throw CoreError(stage: "\(stage): mkdir \(images)", errno: errno) }
        let attachments = RealAppContainerNetworking.joinsNetworks(record)
            ? try AppNetworking.real(store: AppNetworkStore(root: store.root + "/networks")).attachments(of: record.id) : []
        try JSONRecord.write(AppCheckpointRecord(record: record, attachments: attachments), to: AppCheckpointRecord.path(in: images))
        var checkpointOptions = CheckpointOptions(imagePath: images)
        checkpointOptions.leaveRunning = options.leaveRunning
        checkpointOptions.tcpEstablished = options.tcpEstablished
        let journal = store.checkpointJournalPath(of: record.id)
        let report: ContainerCheckpointer.Report
        do {
            report = try ContainerCheckpointer(service: service).checkpoint(
                container: record.name, pid: live.pid, startTime: live.pidStartTime, layout: layout,
                options: checkpointOptions, journalPath: journal, extra: ["id": record.id])
        } catch {
            try? FileIO.removeTree(images)
            throw error
        }
        if !options.leaveRunning {
            // CRIU ended the tree; its supervisor records the end and removes cgroup and links.
            try awaitSupervisor(record, live)
            var state = store.loadState(of: record.id)
            state.status = .exited
            state.checkpointedAt = RFC3339.now(nanoseconds: true)
            try store.saveState(state, of: record.id)
        }
        CheckpointJournal.remove(at: journal)
        if let export = options.export {
            try AppCheckpointArchive.write(store: store, id: record.id, to: export)
        }
        return report
    }
}
