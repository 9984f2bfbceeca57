#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Checkpoint and restore of one container, the part every front-end shares: the image and
/// work directories, the stdio record, the journal around the irreversible step, the manifest
/// after a finished dump, and the rule that a failed dump leaves the container running
/// (thawed if CRIU died with it frozen).
public struct ContainerCheckpointer: Sendable {
    public var service: CRIUService

    public init(service: CRIUService = CRIUService()) {
        self.service = service
    }

    /// What a finished checkpoint reports.
    public struct Report: Sendable, Equatable {
        public var statistics: CheckpointStatistics
        public var manifest: CheckpointManifest?
    }

    /// Dumps the tree of `pid` (`startTime` from /proc/PID/stat) as `options` ask.
    /// `journalPath` records the dump while it runs; after success it says `dumped` and the
    /// caller removes it once its own records are updated. `freeze`, when given, stops the
    /// tree just before CRIU gets its request (CRIU is started first, so its start-up is not
    /// in the frozen window), once the journal says a dump may have it frozen (so a killed
    /// command's recovery thaws it); a failure from then on thaws a v1 freezer, unless
    /// `keepFrozen` (a post-copy source the destination may run by then): then the freezer
    /// stays FROZEN, as CRIU writes it back before it lets a failed dump's tasks go, and a CRIU
    /// that died is answered by writing FROZEN before it is reaped, so the tasks it lets go
    /// should freeze on their way back to user space rather than run until the caller freezes
    /// them (read from the kernel's exit order, not observed). `postDump` runs at CRIU's
    /// post-dump: every image is written and the network still locked (CRIU unlocks a tree it
    /// leaves alive only after it); a throw fails the dump.
    @discardableResult
    public func checkpoint(container: String, pid: Int32, startTime: UInt64, layout: ContainerCheckpointLayout,
                           options: CheckpointOptions, journalPath: String, extra: [String: String] = [:],
                           freeze: (() throws -> Void)? = nil, keepFrozen: Bool = false,
                           postDump: (() throws -> Void)? = nil) throws -> Report {
        let stage = "checkpoint \(container)"
        try Self.makeDirectory(options.imagePath, stage: stage)
        if let work = options.workPath { try Self.makeDirectory(work, stage: stage) }
        let stdio = StdioDescriptors.read(pid: pid)
        var request = layout.dumpRequest(pid: pid, options: options, stdio: stdio)
        // CRIU 3.15+ reports readiness by notification; the byte is written here (as runc does).
        request.statusFD = nil
        var journal = CheckpointJournal(stage: .dumping, container: container, imagePath: options.imagePath, sourcePid: pid,
                                        sourceStartTime: startTime, leaveRunning: options.leaveRunning || options.preDump,
                                        freezerDirectory: layout.freezerDirectory)
        try journal.write(to: journalPath)
        let pending = CheckpointManifest(kind: options.preDump ? "pre-dump" : "dump", container: container, layout: layout, stdio: stdio,
                                         tcpEstablished: options.tcpEstablished, lazyPages: options.lazyPages, files: [], extra: extra)
        if !options.preDump { try CheckpointRecordCodec.write(pending, to: CheckpointManifest.pendingPath(in: options.imagePath)) }
        var statusFD = options.statusFD
        defer { if let fd = statusFD { close(fd) } }
        do {
            let worker = try service.spawn(passing: options.pageServerSocket.map { [CRIURequest.pageServerSocketNumber: $0] } ?? [:],
                                           networkNamespace: options.networkNamespace, stage: stage)
            do { try freeze?() } catch {
                worker.cancel()
                throw error
            }
            let refreeze: (() -> Void)? = keepFrozen ? { Self.freezeAgain(layout.freezerDirectory) } : nil
            // Pages sent to a page server over our connection: its corked tail is pushed
            // (`PageServerTailPush`). A lazy dump serves pages instead of sending them.
            let tailPush = options.lazyPages ? nil : options.pageServerSocket.map { PageServerTailPush.start(socket: $0) }
            defer { tailPush?.stop() }
            try worker.run(request, stage: stage, notify: { note in
                if note.script == CRIUNotification.postDump { try postDump?() }
                if note.script == CRIUNotification.statusReady && options.manifestWhenReady {
                    // Lazy pages: every image but memory is written; a restore may start now.
                    var ready = pending
                    ready.files = try CheckpointImage.files(in: options.imagePath)
                    try ready.write(to: options.imagePath)
                }
                if note.script == CRIUNotification.statusReady, let fd = statusFD {
                    var zero: UInt8 = 0
                    _ = write(fd, &zero, 1)
                    close(fd)
                    statusFD = nil
                }
                if let descriptor = note.descriptor { close(descriptor) }
            }, whenCRIUDies: refreeze)
        } catch {
            if !keepFrozen { Self.thawIfFrozen(layout.freezerDirectory) }
            CheckpointJournal.remove(at: journalPath)
            unlink(CheckpointManifest.pendingPath(in: options.imagePath))
            unlink(CheckpointManifest.path(in: options.imagePath))
            throw error
        }
        guard !options.preDump else {
            CheckpointJournal.remove(at: journalPath)
            return Report(statistics: CheckpointStatistics.read(from: options.imagePath), manifest: nil)
        }
        var manifest = pending
        manifest.files = try CheckpointImage.files(in: options.imagePath)
        try manifest.write(to: options.imagePath)
        unlink(CheckpointManifest.pendingPath(in: options.imagePath))
        journal.stage = .dumped
        try journal.write(to: journalPath)
        return Report(statistics: CheckpointStatistics.read(from: options.imagePath), manifest: manifest)
    }

    /// Restores the tree from `request`'s images into the cgroup the caller made; returns the
    /// restored init's host pid (a child of this process). `descriptors` are passed to CRIU
    /// (0-2 are this process's own unless mapped). On failure CRIU has ended what it restored;
    /// the caller removes its cgroup and records.
    /// `worker`: a CRIU the caller started with `descriptors` already placed (`CRIUService.spawn`)
    /// while it made the root and cgroup; else one is started here.
    /// `watching`: post-copy's lazy-pages daemon, whose failure while CRIU restores ends CRIU.
    public func restore(container: String, request: CRIURequest, descriptors: [Int32: Int32] = [0: 0, 1: 1, 2: 2],
                        worker: CRIUWorker? = nil, watching: CRIUWatchedProcess? = nil, journalPath: String,
                        notify: CRIUNotificationHandler = { _ in }) throws -> Int32 {
        let stage = "restore \(container) from \(request.imageDirectory)"
        if let work = request.workDirectory { try Self.makeDirectory(work, stage: stage) }
        try CheckpointJournal(stage: .restoring, container: container, imagePath: request.imageDirectory).write(to: journalPath)
        let result: CRIUResult
        defer { CRIUYards.detach(under: request.workDirectory ?? request.imageDirectory) }
        do {
            result = try (worker ?? service.spawn(passing: descriptors, stage: stage)).run(request, stage: stage, watching: watching) { note in
                if let descriptor = note.descriptor { close(descriptor) }
                try notify(note)
            }
        } catch {
            CheckpointJournal.remove(at: journalPath)
            throw error
        }
        guard let pid = result.restoredPid, pid > 0 else {
            CheckpointJournal.remove(at: journalPath)
            throw CheckpointError(stage: stage, detail: "criu answered without the restored pid")
        }
        return pid
    }

    static func makeDirectory(_ path: String, stage: String) throws(CheckpointError) {
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw CheckpointError(stage: "\(stage): mkdir \(path)", errno: errno)
        }
    }

    /// A final dump's container is frozen by cbench before CRIU gets it (the `freeze` of
    /// `checkpoint`, system and app containers alike): CRIU freezes a v1 group
    /// itself but reads freezer.state back at 100 ms steps, and a group still FREEZING at its
    /// first read (both 256 MB lab moves at 11:44 UTC: FREEZING, then FROZEN 100 ms later in
    /// CRIU's dump log) costs a whole step inside the frozen window. `Cgroup.freeze` polls every
    /// 2 ms; CRIU then finds the group FROZEN, seizes the tasks, thaws the group (they stay
    /// stopped under ptrace) and kills them after the dump. A failed freeze thaws what froze.
    public static func freezeForDump(_ cgroup: Cgroup, stage: String) throws {
        guard cgroup.hasFreezer else { return }
        do {
            try cgroup.freeze()
        } catch {
            try? cgroup.thaw()
            throw CoreError(stage: "\(stage): freeze before the dump", errno: error.errno, detail: "\(error); the container runs on")
        }
    }

    /// FROZEN written to a v1 freezer, without waiting for the state (the caller freezes
    /// again, waiting, once CRIU is reaped).
    static func freezeAgain(_ freezerDirectory: String?, fs: any CgroupFS = RealCgroupFS()) {
        guard let freezerDirectory else { return }
        try? fs.write("\(freezerDirectory)/freezer.state", "FROZEN")
    }

    /// A freezer CRIU left FROZEN (it died mid-dump) is thawed: the container runs on.
    public static func thawIfFrozen(_ freezerDirectory: String?, fs: any CgroupFS = RealCgroupFS()) {
        guard let freezerDirectory else { return }
        let file = "\(freezerDirectory)/freezer.state"
        guard let state = try? fs.read(file), state.trimmingWhitespace() != "THAWED" else { return }
        try? fs.write(file, "THAWED")
    }
}
