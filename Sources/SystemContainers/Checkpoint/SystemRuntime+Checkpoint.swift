#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

extension SystemRuntime {
    /// `checkpoint NAME`: dumps the running container (init and every service) into its
    /// checkpoint directory; without `leaveRunning` it then stands stopped, restorable with
    /// `restore`. A failed checkpoint leaves it running.
    @discardableResult
    public func checkpoint(name: String, leaveRunning: Bool = false, tcpEstablished: Bool = false,
                           service: CRIUService = CRIUService()) throws -> ContainerCheckpointer.Report {
        _ = try requireRunning(name)
        let images = store.storedCheckpointDirectory(of: name)
        try? FileIO.removeTree(store.movingCheckpointDirectory(of: name))
        try? FileIO.removeTree(images)
        return try dump(name: name, imagePath: images, leaveRunning: leaveRunning, tcpEstablished: tcpEstablished, service: service)
    }

    /// One dump into `imagePath`: a final one (the container stops unless `leaveRunning`) or,
    /// with `preDump`, a copy of its memory while it runs on (`parentPath`: the previous
    /// pre-dump, relative to `imagePath`). `lazyPages`: post-copy's dump, whose page server
    /// there serves the memory once every other image is written (a byte on `statusFD` says
    /// when); it ends when every page has gone or the destination did, and the tree is held
    /// frozen here (`holdForMigration`, `serveLazily`): the migration ends it once the
    /// destination has every page, or releases it. `sendPages`: a final dump's pages go to the
    /// page server there (a migration's destination) and the tree is held frozen here, not
    /// ended: the pages are not here to restore it from.
    ///
    /// A container whose veth networks a start or restore wires (any with `lxc.net` veths) is
    /// dumped without its network namespace's description: the restore makes the namespace
    /// empty and wires it again, so CRIU's saving of links, addresses, routes, rules and four
    /// iptables/ip6tables tables (about 60 ms of a 256 MB dump at 11:44 UTC, inside the frozen
    /// window) was never read. A final dump of such a container also takes the host ends of its
    /// links down itself once it is frozen (`holdForMigration`) instead of CRIU's iptables lock:
    /// nothing reaches or leaves the tree while CRIU works, and no rule needs removing after.
    ///
    /// Such a final dump (links held down by us) runs CRIU inside the container's own network
    /// namespace: that namespace is then CRIU's, not the tree's to dump, so CRIU saves nothing
    /// of it and skips the walk of the host's whole conntrack table (CRIU 4.2 dumps conntrack
    /// even for `empty_ns net`), and the restore runs CRIU inside a namespace it made and wired
    /// beforehand (`restore`; the manifest says so). Not for a user-namespaced container (a
    /// namespace made by the restore would not be its user namespace's). A page server's
    /// connection is then made here, in the host's namespace, and handed to CRIU
    /// (`pageConnection` for post-copy's, made by the destination; `sendPages`'s made now).
    @discardableResult
    func dump(name: String, imagePath: String, preDump: Bool = false, parentPath: String? = nil, leaveRunning: Bool = false,
              tcpEstablished: Bool, service: CRIUService, lazyPages: PageServerAddress? = nil, pageConnection: Int32? = nil,
              statusFD: Int32? = nil, sendPages: PageServerAddress? = nil) throws -> ContainerCheckpointer.Report {
        let record = try requireRunning(name)
        let stage = "checkpoint \(name)"
        guard record.consoleRelayPid == nil else {
            throw CoreError(stage: stage, errno: EOPNOTSUPP,
                            detail: "a container with a console or ttys cannot be checkpointed yet; set lxc.console.path = none and lxc.tty.max = 0 (as the templates do)")
        }
        let config = try store.loadConfig(of: name)
        let rootfs = config.rootfsPath ?? store.rootfsPath(of: name)
        let spec = try config.launchSpec(name: name, defaultRootfs: store.rootfsPath(of: name))
        let cgroup = try Cgroup.open(path: record.cgroupPath)
        var layout = ContainerCheckpointLayout.ofRunning(spec: spec, pid: record.pid, rootfs: rootfs, cgroup: cgroup)
        var options = CheckpointOptions(imagePath: imagePath)
        let frozenHere = !preDump && !leaveRunning
        guard lazyPages == nil || !frozenHere || cgroup.hasFreezer else {
            throw CoreError(stage: stage, errno: EOPNOTSUPP, detail: "post-copy needs a freezer: the source is kept frozen while its pages are served")
        }
        let held = Self.holdsTree(preDump: preDump, leaveRunning: leaveRunning, sendsPages: sendPages != nil, servesLazily: lazyPages != nil)
        // Copied by us while the tree is frozen here, not tarred by CRIU (`SystemTmpfsCopies`).
        let tmpfs = frozenHere && cgroup.hasFreezer && !spec.namespaces.contains(where: { $0.kind == .user })
            ? (try? FileIO.read("/proc/\(record.pid)/mountinfo")).map { bytes in
                SystemTmpfsCopies.found(inMountinfo: String(decoding: bytes, as: UTF8.self),
                                        excluded: Set(layout.externalMounts.map(\.containerPath) + layout.maskedFiles))
            } : nil
        if let tmpfs { layout.externalMounts += tmpfs.externalMounts }
        let wired = try !config.vethPlans().isEmpty
        // The links are held down by us from the freeze on (CRIU's lock skipped); a held
        // source is marked so whether it has links or not (`start` releases a killed move's).
        let linksHeld = frozenHere && wired && !(record.hostLinks ?? []).isEmpty
        let holding = held || linksHeld
        // Held: CRIU leaves the tree running, which for a group it found FROZEN means frozen.
        options.leaveRunning = leaveRunning || held
        // The namespace stays out of the images: CRIU runs in it (see above).
        let namespace = linksHeld && Self.dumpRunsInNetworkNamespace(spec: spec)
            ? try HeldNetworkNamespace(ofProcess: record.pid) : nil
        defer { withExtendedLifetime(namespace) {} }
        options.networkNamespace = namespace?.descriptor
        options.emptyNetworkNamespace = wired && namespace == nil
        options.networkLock = linksHeld ? .skip : nil
        // The page server's peer, reached from here (the namespace CRIU runs in may not route
        // there): a lazy dump's pages go over the destination's connection, a sending dump's
        // over one made now.
        var madeConnection: Int32?
        defer { if let madeConnection { close(madeConnection) } }
        if let sendPages, lazyPages == nil {
            madeConnection = try PageServerConnection.connect(to: sendPages, stage: "\(stage): page server")
        }
        options.pageServerSocket = pageConnection ?? madeConnection
        options.lazyPages = lazyPages != nil
        options.pageServer = lazyPages ?? sendPages
        // A lazy dump over the destination's connection (`serveLazily`: a config file carries it).
        let pageSocketConfig = lazyPages != nil && pageConnection != nil ? "\(store.stateDirectory(of: name))/criu-page-socket.conf" : nil
        if let pageSocketConfig, let lazyPages, let pageConnection {
            try options.serveLazily(at: lazyPages, over: pageConnection, configPath: pageSocketConfig)
        }
        defer { if let pageSocketConfig { unlink(pageSocketConfig) } }
        options.tcpEstablished = tcpEstablished
        options.preDump = preDump
        options.parentPath = parentPath
        options.statusFD = statusFD
        // The move's stream lists and checksums the images as it sends them (`export`).
        options.manifestWhenReady = pageConnection == nil
        var extra = ["haltSignal": String(record.haltSignal), Self.cgroupSubtreeKey: cgroup.subtreeLines().joined(separator: "\n")]
        if namespace != nil { extra[CheckpointManifest.networkOutsideImagesKey] = "1" }
        if let tmpfs, !tmpfs.mounts.isEmpty { extra[SystemTmpfsCopies.manifestKey] = tmpfs.manifestValue }
        let journal = store.checkpointJournalPath(of: name)
        let report: ContainerCheckpointer.Report
        do {
            report = try ContainerCheckpointer(service: service).checkpoint(
                container: name, pid: record.pid, startTime: record.pidStartTime, layout: layout, options: options,
                journalPath: journal, extra: extra,
                freeze: frozenHere ? {
                    try ContainerCheckpointer.freezeForDump(cgroup, stage: stage)
                    if holding { try self.holdForMigration(record, stage: stage) }
                    try tmpfs?.copy(fromProcess: record.pid, into: imagePath)
                } as () throws -> Void : nil,
                keepFrozen: lazyPages != nil && frozenHere)
        } catch {
            if lazyPages != nil && frozenHere {
                // Post-copy: the destination may run the tree by now (with the pages served so
                // far), so it is not resumed here but kept frozen (the checkpointer never thawed
                // it; this waits until a killed CRIU's tasks are FROZEN; its links stay down)
                // and left held: the migration resumes it once the copy there is gone, or ends it.
                try? cgroup.freeze()
                throw error
            }
            // CRIU puts back the FROZEN it found when it fails; the container runs on (the
            // checkpointer thaws a v1 freezer, this any) with its links up again.
            if holding && isHeldForMigration(name) { try? releaseMigrationHold(name) }
            if frozenHere { try? cgroup.thaw() }
            throw error
        }
        if held {
            // CRIU wrote FROZEN back before it let go; a group found running is frozen again
            // (its links are down: nothing it did reached the network).
            if cgroup.hasFreezer, (try? cgroup.isFrozen()) != true {
                do { try cgroup.freeze() } catch {
                    try? releaseMigrationHold(name)
                    throw CoreError(stage: "\(stage): hold frozen after the dump", errno: error.errno, detail: "\(error); the container runs on")
                }
            }
            CheckpointJournal.remove(at: journal)
            return report
        }
        if !leaveRunning && !preDump {
            ProcessLiveness.waitUntilGone(pid: record.pid, startTime: record.pidStartTime, timeoutMilliseconds: 5_000)
            try finishStopped(record)
            unlink(store.migrationHoldPath(of: name))
        }
        CheckpointJournal.remove(at: journal)
        return report
    }

    /// Whether a dump leaves the tree held frozen here rather than ended: a final dump whose
    /// pages go to the destination's page server, or post-copy's, which serves them from here.
    static func holdsTree(preDump: Bool, leaveRunning: Bool, sendsPages: Bool, servesLazily: Bool) -> Bool {
        !preDump && !leaveRunning && (sendsPages || servesLazily)
    }

    /// The manifest's record of the cgroups below the container's (`Cgroup.subtreeLines`).
    static let cgroupSubtreeKey = "cgroupSubtree"

    /// Whether `name` has a finished checkpoint to restore from.
    public func hasCheckpoint(name: String) -> Bool {
        access(CheckpointManifest.path(in: store.checkpointDirectory(of: name)), F_OK) == 0
    }
}
