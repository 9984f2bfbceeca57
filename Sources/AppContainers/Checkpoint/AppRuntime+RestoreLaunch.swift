#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import JSONRecords
import NamespaceCore

extension AppRuntime {
    /// The restore counterpart of `launch`: ports bound first, then what `prepared` holds
    /// (made here when nil: the run directory, the cgroup, CRIU started and, for images without
    /// the network namespace, a namespace wired for it: `AppRestorePreparation`), the overlay
    /// root mounted for CRIU, the networks prepared (same address, the bridge there), and CRIU
    /// restores the tree as a child of this process; the run state names `supervisor` (this
    /// process, or the monitor it hands the tree to).
    /// All or nothing: on failure no process, cgroup, mount, link or run state is left (what
    /// was prepared included), and the checkpoint is still there to restore from.
    func restoreLaunch(_ record: AppContainerRecord, stdio: (Int32, Int32, Int32), tcpEstablished: Bool, lazyPages: Bool = false,
                       supervisor: pid_t = getpid(), service: CRIUService = CRIUService(),
                       prepared: AppRestorePreparation? = nil) throws -> LiveAppContainer {
        let id = record.id
        let stage = "restore \(record.name)"
        let images = store.checkpointDirectory(of: id)
        let manifest: CheckpointManifest
        let attachments: [AppNetworkAttachment]
        let spec: LaunchSpec
        let ports: PortPublisher?
        do {
            if prepared == nil, let running = store.loadRunState(of: id), running.isAlive {
                throw CoreError(stage: stage, errno: EBUSY, detail: "is already running (pid \(running.pid))")
            }
            guard let valid = try CheckpointImage.validate(images, stage: stage) else {
                throw CoreError(stage: "\(stage) \(images)", detail: "not a checkpoint of cbench app (no \(CheckpointManifest.fileName))")
            }
            manifest = valid
            let saved = try JSONRecord.readIfPresent(AppCheckpointRecord.self, from: AppCheckpointRecord.path(in: images))
            attachments = Self.attachments(saved?.attachments ?? [], of: id)
            spec = try containerSpec(record).0
            ports = record.config.ports.isEmpty ? nil
                : try PortPublisher.bind(try record.config.ports.map { text throws(CoreError) in try PortMapping(parsing: text) })
        } catch {
            prepared?.discard(store: store)
            throw error
        }
        // Dumped by a CRIU inside the tree's namespace: CRIU runs in one made and wired here.
        let networkHere = manifest.networkOutsideImages && AppRestorePreparation.makesNamespace(for: spec)
        var networking: AppNetworking?
        var preparation = prepared
        let root = store.rootfsMountpoint(of: id)
        do {
            networking = attachments.isEmpty ? nil : try AppNetworking.real(store: AppNetworkStore(root: store.root + "/networks"))
            if let made = preparation, made.runsInNetworkNamespace != networkHere {
                // Prepared for other images than these: made again as these need.
                made.discard(store: store)
                preparation = nil
            }
            let ready = try preparation ?? prepareRestoreLaunch(record, attachments: attachments, stdio: stdio, networkInNamespace: networkHere,
                                                                service: service)
            preparation = ready
            let group = ready.cgroup
            try mountRoot(record, spec: spec, at: root)
            defer { RootMount.release(root) }
            var layout = manifest.layout.forRestore(spec: spec, cgroup: group)
            layout.rootfs = root
            var options = RestoreOptions(imagePath: images)
            options.tcpEstablished = tcpEstablished || manifest.tcpEstablished
            // Post-copy: the memory comes through the lazy-pages daemon the requester started.
            options.lazyPages = lazyPages
            // The host ends are down until post-restore: nothing reaches the tree meanwhile.
            if networkHere { options.networkLock = .skip }
            var request = layout.restoreRequest(root: root, options: options, stdio: manifest.stdio, cgroupRoots: group.criuRoots)
            if !networkHere { request.externalResources += try networking?.prepareRejoin(attachments, containerID: id) ?? [] }
            // The ports' namespace is held while the restored tree is still stopped
            // (HeldNetworkNamespace): a process that ends at once cannot take it along.
            var networkNamespace: HeldNetworkNamespace?
            var hostEndsAttached = false
            let pid = try ContainerCheckpointer(service: service).restore(
                container: record.name, request: request, descriptors: [0: stdio.0, 1: stdio.1, 2: stdio.2], worker: ready.takeWorker(),
                journalPath: store.checkpointJournalPath(of: id)) { note in
                guard note.script == CRIUNotification.postRestore else { return }
                try networking?.attachHostEnds(attachments)
                hostEndsAttached = true
                if let pid = note.pid, let networking { AddressAnnouncement.report(networking.announce(attachments, pid: pid), stage: stage) }
                if ports != nil, let pid = note.pid {
                    networkNamespace = try HeldNetworkNamespace(ofProcess: pid)
                }
            }
            group.releaseJoinLock()
            CheckpointJournal.remove(at: store.checkpointJournalPath(of: id))
            group.adoptUnifiedTasks(from: manifest.layout.cgroupPath)
            if !hostEndsAttached { try networking?.attachHostEnds(attachments) }
            try networking?.completeRejoin(attachments, containerID: id, name: record.name, pid: pid, hostsFile: store.hostsPath(of: id))
            // Our child until it is reaped, so its pid cannot be reused before the pidfd pins it.
            guard let process = ContainerProcess(opening: pid) else {
                throw CoreError(stage: "\(stage): pidfd of the restored init \(pid)", errno: errno)
            }
            if let ports {
                guard let networkNamespace else {
                    throw CoreError(stage: "\(stage): publish ports", errno: EPROTO, detail: "criu sent no post-restore notification with the restored pid")
                }
                try ports.serve(in: networkNamespace)
            }
            let runState = AppRunState(pid: pid, pidStartTime: ProcessLiveness.startTime(of: pid) ?? 0,
                                       supervisorPid: supervisor, supervisorStartTime: ProcessLiveness.startTime(of: supervisor) ?? 0,
                                       cgroupPath: group.path, hostLinks: attachments.map(\.hostLink), storeRoot: store.root)
            try store.saveRunState(runState, of: id)
            try store.saveState(AppContainerState(status: .running, startedAt: RFC3339.now(nanoseconds: true)), of: id)
            return LiveAppContainer(record: record, process: process, cgroup: group, runState: runState, ports: ports)
        } catch {
            ports?.close()
            if !attachments.isEmpty { try? networking?.disconnect(containerID: id) }
            for attachment in attachments { try? networking?.deleteLinkIfPresent(attachment.hostLink) }
            RootMount.release(root)
            preparation?.discard(store: store)
            throw error
        }
    }

    /// The container's root as its launch had it, at `mountpoint` on the host: CRIU restores
    /// the mount namespace around it.
    func mountRoot(_ record: AppContainerRecord, spec: LaunchSpec, at mountpoint: String) throws {
        guard case .directory(let layer)? = spec.rootfs?.source else { return try mountOverlay(record, at: mountpoint) }
        try RootMount.bind(layer, at: mountpoint)
        // Read-only as the launch left it: nothing, CRIU included, may write into the image's layer.
        guard mount(nil, mountpoint, nil, UInt(MS_BIND | MS_REMOUNT | MS_RDONLY), nil) == 0 else {
            let code = errno
            RootMount.release(mountpoint)
            throw CoreError(stage: "restore: make the layer root \(mountpoint) read-only", errno: code)
        }
    }

    /// The container's overlay (layers topmost first, its own upper and work) at `mountpoint`
    /// on the host.
    func mountOverlay(_ record: AppContainerRecord, at mountpoint: String) throws(CoreError) {
        guard mkdir(mountpoint, 0o755) == 0 || errno == EEXIST else { throw CoreError(stage: "mkdir \(mountpoint)", errno: errno) }
        let lowers = record.layerDirectories.reversed().joined(separator: ":")
        var data = "lowerdir=\(lowers),upperdir=\(store.upperDirectory(of: record.id)),workdir=\(store.workDirectory(of: record.id))"
        if record.config.autoRemove {
            // Mounted volatile when it ran (AppContainerRecord+LaunchSpec): the kernel left a
            // marker that refuses a second mount. Removing it takes the upper as intact, which it
            // is unless the host crashed since; a --rm container keeps nothing durably for a
            // crash anyway (its record is written without fsync).
            try Self.removeVolatileMarker(work: store.workDirectory(of: record.id))
            data += ",volatile"
        }
        // A kernel before 5.10 refuses `volatile` (EINVAL): it gets the plain overlay, as at launch.
        guard mount("overlay", mountpoint, "overlay", 0, data) == 0
            || (errno == EINVAL && data.hasSuffix(",volatile")
                && mount("overlay", mountpoint, "overlay", 0, String(data.dropLast(",volatile".count))) == 0) else {
            let code = errno
            rmdir(mountpoint)
            throw CoreError(stage: "restore: mount overlay at \(mountpoint)", errno: code)
        }
    }

    /// Removes `work/incompat/volatile`, which a volatile overlay leaves in its work directory
    /// (the kernel clears the emptied `incompat` itself at the next mount).
    static func removeVolatileMarker(work: String) throws(CoreError) {
        let marker = "\(work)/work/incompat/volatile"
        guard rmdir(marker) == 0 || errno == ENOENT else {
            throw CoreError(stage: "restore: remove the volatile overlay's marker \(marker)", errno: errno)
        }
    }
}
