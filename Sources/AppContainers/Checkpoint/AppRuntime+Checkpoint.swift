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
    /// volumes. With `export` the checkpoint is also written to a tar.gz. With `sendPages` (a
    /// move's stop-and-copy) its pages go to the destination's page server and it stays held
    /// here, frozen with its links down (`AppRuntime+MigrationHold`). A failed checkpoint
    /// leaves the container running.
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
        // A --rm container goes when it ends, and a checkpoint kept in it with it (podman
        // refuses the same): an export takes the checkpoint out first.
        guard !record.config.autoRemove || options.leaveRunning || options.export != nil else {
            throw CoreError(stage: stage, errno: EINVAL,
                            detail: "was started with --rm and is removed when it ends, its checkpoint with it: add --export FILE or --leave-running")
        }
        let (spec, _) = try containerSpec(record)
        let cgroup = try Cgroup.open(path: live.cgroupPath)
        guard options.lazyPages == nil || cgroup.hasFreezer else {
            throw CoreError(stage: stage, errno: EOPNOTSUPP, detail: "post-copy needs a freezer: the source is kept frozen while its pages are served")
        }
        // The overlay root exists only inside the container: CRIU reaches it through the init.
        let layout = ContainerCheckpointLayout.ofRunning(spec: spec, pid: live.pid, rootfs: "/proc/\(live.pid)/root", cgroup: cgroup)
        let root = options.imagesPassThrough ? store.movingImages.directory(of: record.id) : store.storedCheckpointDirectory(of: record.id)
        if options.startsImages {
            // One checkpoint per container: an older one, wherever it is, goes first.
            store.movingImages.remove(store.movingImages.directory(of: record.id))
            try FileIO.removeTree(store.storedCheckpointDirectory(of: record.id))
            if options.imagesPassThrough { try FileIO.makeDirectories(store.movingImages.root) }
            guard mkdir(root, 0o700) == 0 else { throw CoreError(stage: "\(stage): mkdir \(root)", errno: errno) }
        }
        // Pre-copy: each pre-dump in a directory of its own inside the images, which the final
        // dump writes beside them.
        let images = options.preDumpDirectory.map { "\(root)/\($0)" } ?? root
        if options.preDumpDirectory == nil { try JSONRecord.write(try checkpointRecord(of: record), to: AppCheckpointRecord.path(in: images)) }
        var checkpointOptions = CheckpointOptions(imagePath: images)
        checkpointOptions.leaveRunning = options.leaveRunning || options.preDumpDirectory != nil
        checkpointOptions.tcpEstablished = options.tcpEstablished
        checkpointOptions.preDump = options.preDumpDirectory != nil
        checkpointOptions.parentPath = options.parentPath
        // Post-copy: pages over the destination's connection; CRIU's log, written while it serves
        // them, beside the images the move streams meanwhile, not among them.
        let lazyConfig = "\(store.directory(of: record.id))/criu-page-socket.conf"
        if let lazy = options.lazyPages {
            try checkpointOptions.serveLazily(at: lazy.address, over: lazy.connection, configPath: lazyConfig)
            checkpointOptions.statusFD = lazy.statusFD
            checkpointOptions.workPath = "\(store.directory(of: record.id))/lazy-dump"
        }
        defer {
            if options.lazyPages != nil {
                unlink(lazyConfig)
                try? FileIO.removeTree("\(store.directory(of: record.id))/lazy-dump")
            }
        }
        // Stop-and-copy's and pre-copy's pages to the destination's page server, over a
        // connection made here before the freeze; CRIU leaves the tree alive, and frozen as it
        // found it (a pre-dump's runs on).
        var pageConnection: Int32?
        defer { if let pageConnection { close(pageConnection) } }
        if let receiver = options.sendPages, options.holdsSource || options.preDumpDirectory != nil {
            pageConnection = try PageServerConnection.connect(to: receiver, stage: "\(stage): the destination's page server")
            checkpointOptions.pageServer = receiver
            checkpointOptions.pageServerSocket = pageConnection
            checkpointOptions.leaveRunning = true
        }
        // A move whose destination wires the namespace itself: CRIU runs inside it and the
        // network lock is ours, the links down at the freeze (nothing of the namespace is
        // saved, so no route is saved LINKDOWN), not at CRIU's post-dump.
        let namespace = options.dumpRunsInNetworkNamespace(of: spec) ? try HeldNetworkNamespace(ofProcess: live.pid) : nil
        defer { withExtendedLifetime(namespace) {} }
        checkpointOptions.networkNamespace = namespace?.descriptor
        checkpointOptions.networkLock = options.networkLock(insideNamespace: namespace != nil)
        var extra = ["id": record.id]
        if namespace != nil { extra[CheckpointManifest.networkOutsideImagesKey] = "1" }
        let holdLinks = options.holdsSource || namespace != nil ? live.hostLinks : []
        let holdAtFreeze = namespace != nil
        let journal = store.checkpointJournalPath(of: record.id)
        let report: ContainerCheckpointer.Report
        do {
            // Frozen by us, as a system container's final dump is (`freezeForDump`): CRIU's own
            // freeze reads the group back at 100 ms steps, 100.7 ms of 2 of 4 256 MB checkpoints
            // in mig12n's strace (01:07 UTC). A dump that leaves it running is not frozen here:
            // CRIU would leave it frozen. Post-copy's is: CRIU leaves it frozen for the move.
            report = try ContainerCheckpointer(service: service).checkpoint(
                container: record.name, pid: live.pid, startTime: live.pidStartTime, layout: layout,
                options: checkpointOptions, journalPath: journal, extra: extra,
                freeze: options.freezesBeforeDump ? {
                    try ContainerCheckpointer.freezeForDump(cgroup, stage: stage)
                    if holdAtFreeze { try self.holdForMigration(id: record.id, links: holdLinks, stage: stage) }
                } as () throws -> Void : nil,
                keepFrozen: options.lazyPages != nil,
                // Held, its namespace in the images: its links go down once the images are
                // written (taken down before, the tree's routes were saved LINKDOWN, which `ip
                // route restore` refuses) and before CRIU lifts its network lock.
                postDump: options.holdsSource && !holdAtFreeze ? { try self.holdForMigration(id: record.id, links: holdLinks, stage: stage) } : nil)
        } catch {
            // A pre-copy's pre-dumps go with it: the move has failed.
            store.movingImages.remove(root)
            // Its pages reached no running copy: it runs on here, its links up again.
            if options.holdsSource {
                HostLinks.bringUpIgnoringFailures(holdLinks)
                unlink(migrationHoldPath(of: record.id))
            }
            // Post-copy: the destination may run the tree by now, so it is kept frozen, not
            // resumed (`releaseMigrationHold` once the copy there is gone).
            if options.lazyPages != nil { try? cgroup.freeze() }
            throw error
        }
        if options.holdsSource {
            do { try holdFrozenAfterDump(cgroup, links: holdLinks, stage: stage) } catch {
                CheckpointJournal.remove(at: journal)
                store.movingImages.remove(root)
                throw error
            }
        } else if options.lazyPages != nil, (try? cgroup.isFrozen()) != true {
            // CRIU wrote FROZEN back as it let the tree go; a group found running is frozen again.
            do { try cgroup.freeze() } catch {
                throw CoreError(stage: "\(stage): hold frozen after the lazy dump", errno: error.errno, detail: "\(error)")
            }
        }
        if !checkpointOptions.leaveRunning {
            // CRIU ended the tree; its supervisor records the end and removes cgroup and links.
            try awaitSupervisor(record, live)
            if record.config.autoRemove, let export = options.export {
                return try exportAndRemove(record, to: export, journal: journal, report: report)
            }
            try markCheckpointed(record.id)
        }
        CheckpointJournal.remove(at: journal)
        if let export = options.export {
            try AppCheckpointArchive.write(store: store, id: record.id, to: export)
        }
        return report
    }

    /// The end of `checkpoint --export` of a --rm container: its supervisor kept the files
    /// while the checkpoint ran (AppRuntime+Finish), the export takes them and the container
    /// goes, as its --rm asked. A failed export keeps it, exited and checkpointed, to retry.
    private func exportAndRemove(_ record: AppContainerRecord, to export: String, journal: String,
                                 report: ContainerCheckpointer.Report) throws -> ContainerCheckpointer.Report {
        CheckpointJournal.remove(at: journal)
        do {
            try AppCheckpointArchive.write(store: store, id: record.id, to: export)
        } catch {
            try? markCheckpointed(record.id)
            throw error
        }
        store.removeFiles(id: record.id, name: record.name)
        return report
    }

    private func markCheckpointed(_ id: String) throws {
        var state = store.loadState(of: id)
        state.status = .exited
        state.checkpointedAt = RFC3339.now(nanoseconds: true)
        try store.saveState(state, of: id)
    }
}
