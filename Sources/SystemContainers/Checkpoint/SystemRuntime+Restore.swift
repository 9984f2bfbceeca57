#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

extension SystemRuntime {
    /// `restore NAME`: the container runs again from its checkpoint (same pids inside, memory,
    /// open files), in a new cgroup with its config's limits and its veth networks made again
    /// on their bridges: into a namespace made here, in which CRIU runs, when the dump's CRIU
    /// ran in the tree's own (`dump`), else into the empty one CRIU makes, at its
    /// setup-namespaces step. All or nothing; the checkpoint stays for another try, and is
    /// removed after a successful restore unless `keep`. `lazyPages`: post-copy; the tree runs
    /// before its memory is back, and a `criu lazy-pages` daemon fills each page from the images
    /// through userfaultfd (the images are kept until it has read them all), or, with
    /// `pageServer`, from the page server of the source host's lazy dump (post-copy between
    /// hosts; `pageConnection`: the connection to it made already, which the daemon gets and
    /// this restore closes); the restore returns once every page is in. `parts` is told each part's span as
    /// it ends (the CRIU restore, the announce, the wait for the lazy pages), for a migration's
    /// per-step times. `receivedImages`: the image files as an import just received them, checked
    /// against the manifest without reading them again (`CheckpointImage.validate`). `prepared`:
    /// what a migration's destination made before the source froze (`prepareRestore`); the
    /// restore takes it over and removes it on any failure (one made for another kind of dump
    /// is removed and made again).
    @discardableResult
    public func restore(name: String, tcpEstablished: Bool = false, keep: Bool = false, lazyPages: Bool = false,
                        pageServer: PageServerAddress? = nil, pageConnection: Int32? = nil, service: CRIUService = CRIUService(),
                        receivedImages: [CheckpointManifest.ImageFile] = [], prepared: SystemRestorePreparation? = nil,
                        parts: (Phase) -> Void = { _ in }) throws -> SystemStateRecord {
        let stage = "restore \(name)"
        let begun = MonotonicClock.now()
        var connection = pageConnection
        defer { if let connection { close(connection) } }
        let config: LXCConfig
        let manifest: CheckpointManifest
        let spec: LaunchSpec
        let images = store.checkpointDirectory(of: name)
        do {
            config = try store.loadConfig(of: name)
            if let running = store.runningState(of: name) {
                throw CoreError(stage: stage, detail: "is running (pid \(running.pid)); stop it first (`cbench system stop \(name)`), then restore its checkpoint")
            }
            if prepared == nil { try clearStale(name) }
            if lazyPages, config.rootOwner != .hostRoot, let reason = Self.lazyPagesBlocker() {
                throw CoreError(kind: .unsupported, stage: stage, detail: reason)
            }
            guard let valid = try CheckpointImage.validate(images, stage: stage, received: receivedImages) else {
                throw CoreError(stage: "\(stage) \(images)", detail: "not a checkpoint of cbench system (no \(CheckpointManifest.fileName))")
            }
            manifest = valid
            // CRIU restores onto a bind of the root as it was; an overlay root has no such tree.
            try config.requireCopyableRoot(of: name, stage: "restore")
            spec = try config.launchSpec(name: name, defaultRootfs: store.rootfsPath(of: name))
        } catch {
            prepared?.discard(store: store)
            throw error
        }
        // Dumped by a CRIU inside the tree's namespace: one is made and wired before CRIU
        // starts (host ends down until CRIU's post-restore) and CRIU runs in it.
        let plans: [SystemVethPlan]
        do { plans = try config.vethPlans() } catch {
            prepared?.discard(store: store)
            throw error
        }
        let networkHere = !plans.isEmpty && manifest.networkOutsideImages
        var preparation = prepared
        // Started already on the images (post-copy, as they came in), whatever else is made again.
        let earlyDaemon = prepared?.takeLazyDaemon()
        if let made = preparation, made.runsInNetworkNamespace != networkHere {
            // Prepared for another dump than this one: made again as this one needs.
            made.discard(store: store)
            preparation = nil
        }
        var lazyDaemon: pid_t?
        var lazyWatch: CRIUWatchedProcess?
        var worker: CRIUWorker?
        do {
            // CRIU (and post-copy's lazy-pages daemon) start while the root and cgroup are
            // made, not after: their start-up is in the downtime of a move.
            if let earlyDaemon {
                lazyDaemon = earlyDaemon
                lazyWatch = service.watchLazyPagesDaemon(earlyDaemon, workDirectory: images)
            }
            if lazyPages && earlyDaemon == nil {
                let daemon = try service.startingLazyPagesDaemon(imageDirectory: images, workDirectory: nil, source: pageServer,
                                                                 connection: connection)
                // The daemon's now: should it die, the source's CRIU sees the connection end.
                if let connection { close(connection) }
                connection = nil
                lazyDaemon = daemon
                lazyWatch = service.watchLazyPagesDaemon(daemon, workDirectory: images)
            }
            let ready = try preparation ?? prepareRestore(name: name, config: config, networkInNamespace: networkHere, service: service)
            preparation = ready
            worker = ready.takeWorker()
            if let subtree = manifest.extra[Self.cgroupSubtreeKey], !subtree.isEmpty {
                try ready.cgroup.recreateSubtree(subtree.split(separator: "\n").map(String.init), owner: config.rootOwner)
            }
            try CheckpointImage.hand(images, toUID: config.rootOwner.uid, gid: config.rootOwner.gid)
            defer { ready.releaseRoot() }
            // The tmpfs mounts cbench copied at the dump: made again from the copies, bound by CRIU.
            let tmpfs = SystemTmpfsCopies(manifestExtra: manifest.extra)
            let stagedTmpfs = try tmpfs?.stage(from: images, under: store.stateDirectory(of: name)) ?? []
            defer { tmpfs?.release(under: store.stateDirectory(of: name)) }
            var layout = manifest.layout.forRestore(spec: spec, cgroup: ready.cgroup)
            layout.rootfs = ready.root
            layout.externalMounts += stagedTmpfs
            var options = RestoreOptions(imagePath: images)
            options.tcpEstablished = tcpEstablished || manifest.tcpEstablished
            options.lazyPages = lazyPages
            // The host ends are down until post-restore: nothing reaches the tree meanwhile.
            options.networkLock = networkHere ? .skip : nil
            let criuStart = MonotonicClock.now()
            parts(Phase(name: MigrationPhaseName.prepare, start: begun, end: criuStart))
            if let lazyDaemon { try service.awaitLazyPagesDaemon(lazyDaemon, workDirectory: images) }
            var request = layout.restoreRequest(root: ready.root, options: options, stdio: manifest.stdio, cgroupRoots: ready.cgroup.criuRoots)
            // The network is the host's to make, not CRIU's (as runc's restore leaves it to its
            // hooks): CRIU makes the namespace empty and, at setup-namespaces, before any socket
            // of the tree comes back, the veth pairs are wired into it as a start wires them.
            // CRIU's own veth restore fails here for a user-namespaced container (netlink -95
            // through its usernsd), and the host's bridge may be another host's after a move.
            if ready.network != nil && !networkHere { request.emptyNamespaces |= UInt32(NamespaceKind.network.cloneFlag) }
            let null = ready.null
            let pid = try ContainerCheckpointer(service: service).restore(
                container: name, request: request, descriptors: [0: null, 1: null, 2: null], worker: worker, watching: lazyWatch,
                journalPath: store.checkpointJournalPath(of: name)) { note in
                if networkHere {
                    // Up once the tree's sockets are back and before its tasks resume: a reply sent
                    // while the link is down waits for ARP's 1 s retry and arrives after later ones
                    // (mig12i's MigrationLabStateTests, 2026-12-04 12:47 UTC: "the counter went back").
                    if note.script == CRIUNotification.postRestore, let network = ready.network { try network.raise(ready.hostLinks) }
                    return
                }
                guard note.script == CRIUNotification.setupNamespaces, let network = ready.network, let pid = note.pid else { return }
                try RouteNetlink.inNamespace(ofProcess: pid).setUp("lo")
                ready.hostLinks = try network.connect(plans, pid: pid)
            }
            worker = nil
            // Up already at post-restore; again (a no-op then) should that notification not have come.
            if networkHere, let network = ready.network { try network.raise(ready.hostLinks) }
            let announceStart = MonotonicClock.now()
            parts(Phase(name: MigrationPhaseName.criuRestore, start: criuStart, end: announceStart))
            // The container may have moved: tell the network where its addresses are now.
            AddressAnnouncement.report(SystemNetwork.announce(plans, hostLinks: ready.hostLinks, pid: pid), stage: stage)
            parts(Phase(name: MigrationPhaseName.announce, start: announceStart, end: MonotonicClock.now()))
            var record = SystemStateRecord(
                name: name, pid: pid, pidStartTime: ProcessLiveness.startTime(of: pid) ?? 0, cgroupPath: ready.cgroup.path,
                started: Date(), haltSignal: config.haltSignal ?? SIGPWR,
                readinessMarker: (try? store.loadMetadata(of: name))?.readinessMarker,
                hostLinks: ready.hostLinks.isEmpty ? nil : ready.hostLinks)
            record.rootIdmapped = ready.idmappedRoot == nil ? nil : true
            try store.saveState(record)
            CheckpointJournal.remove(at: store.checkpointJournalPath(of: name))
            if let daemon = lazyDaemon {
                let waiting = MonotonicClock.now()
                let ended = lazyWatch?.ended ?? service.finishLazyPagesDaemon(daemon)
                lazyDaemon = nil
                parts(Phase(name: MigrationPhaseName.lazyPages, start: waiting, end: MonotonicClock.now()))
                // Some of its memory never came: the tree that ran is ended below (off the
                // network first), never left running on zeros.
                guard ended == .exited(0) else {
                    throw CoreError(stage: "\(stage): lazy pages",
                                    detail: "\(service.lazyPagesFailure(ended, workDirectory: images)); the restored tree was killed: its memory was incomplete")
                }
            }
            if !keep { store.removeCheckpoint(images) }
            return record
        } catch {
            worker?.cancel()
            // Off the network first, then killed: a tree that ran answers no one meanwhile.
            preparation?.discard(store: store)
            if let daemon = lazyDaemon, lazyWatch?.ended == nil { service.finishLazyPagesDaemon(daemon, timeoutMilliseconds: 0) }
            CheckpointJournal.remove(at: store.checkpointJournalPath(of: name))
            if let reason = lazyWatch?.failure {
                throw CoreError(stage: "\(stage): lazy pages",
                                detail: "\(reason); criu and the tree it restored were killed: nothing of \(name) runs here")
            }
            throw error
        }
    }
}

extension SystemRuntime {
    /// `restore` for a migration's destination: CRIU's statistics are read before the images
    /// go (they are removed unless `keep`), and the restore's parts are kept with their times.
    @discardableResult
    public func restoreReporting(name: String, tcpEstablished: Bool = false, keep: Bool = false, lazyPages: Bool = false,
                                 pageServer: PageServerAddress? = nil, pageConnection: Int32? = nil,
                                 service: CRIUService = CRIUService(), receivedImages: [CheckpointManifest.ImageFile] = [],
                                 prepared: SystemRestorePreparation? = nil)
        throws -> (record: SystemStateRecord, outcome: SystemRestoreOutcome) {
        var parts: [Phase] = []
        let record = try restore(name: name, tcpEstablished: tcpEstablished, keep: true, lazyPages: lazyPages || pageServer != nil,
                                 pageServer: pageServer, pageConnection: pageConnection, service: service,
                                 receivedImages: receivedImages, prepared: prepared) { parts.append($0) }
        let images = store.checkpointDirectory(of: name)
        let statistics = CheckpointStatistics.read(from: images)
        if !keep { store.removeCheckpoint(images) }
        return (record, SystemRestoreOutcome(statistics: statistics, parts: parts))
    }
}
