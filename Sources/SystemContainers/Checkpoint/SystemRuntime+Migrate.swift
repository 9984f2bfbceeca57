#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

extension SystemRuntime {
    /// `migrate NAME` to `destination` (another store and run root: a second state root on this
    /// host, or a lab host's): the steps of `strategy`, as `MigrationMachine` orders them. The
    /// source is ended only after the destination runs; a failure after the dump restores the
    /// source from its own checkpoint, and the report says where the container stands.
    public func migrate(name: String, to destination: SystemRuntime, strategy: MigrationStrategy,
                        features: MigrationHostFeatures, tcpEstablished: Bool = false,
                        transfer: any ImageTransfer = LocalImageTransfer(),
                        service: CRIUService = CRIUService()) throws -> SystemMigrationReport {
        guard destination.store.root != store.root else {
            throw CoreError(stage: "migrate \(name)", detail: "the destination store is the source's (\(store.root)); give another store")
        }
        return try migrate(name: name, to: LocalSystemDestination(runtime: destination, transfer: transfer, service: service),
                    strategy: strategy, features: features, tcpEstablished: tcpEstablished, service: service)
    }

    /// The same to any destination (another host: `RemoteSystemDestination`).
    public func migrate(name: String, to destination: any SystemMigrationDestination, strategy: MigrationStrategy,
                        features: MigrationHostFeatures, tcpEstablished: Bool = false,
                        service: CRIUService = CRIUService()) throws -> SystemMigrationReport {
        let stage = "migrate \(name) (\(strategy.rawValue))"
        _ = try requireRunning(name)
        if let reason = features.unsupportedReason(strategy) {
            throw CoreError(stage: stage, errno: EOPNOTSUPP, detail: reason)
        }
        try destination.requireNew(name, stage: stage)
        let moving = store.movingCheckpointDirectory(of: name)
        try? FileIO.removeTree(moving)
        try? FileIO.removeTree(store.storedCheckpointDirectory(of: name))
        let images = destination.imagesPassThrough ? moving : store.storedCheckpointDirectory(of: name)
        if destination.imagesPassThrough { try FileIO.makeDirectories(store.movingImagesRoot) }
        // Before the freeze: where post-copy's pages will be served, and the destination's
        // session (another host's ssh and cbench) opened with the root's first pass sent
        // through it, so none of it is in the frozen window.
        let connecting = MonotonicClock.now()
        // Post-copy's page server port listens from here; the destination connects to it as
        // it starts, and CRIU's lazy dump gets that connection (CRIU itself listens on nothing).
        let pagePort: ReservedPort?
        let pageConnection: Int32?
        do {
            pagePort = strategy == .postCopy ? try destination.reservePageServerPort() : nil
            try pagePort?.listen()
            try destination.connect(name, from: self, tcpEstablished: tcpEstablished, pageServer: pagePort?.pageServerAddress,
                                    receivePages: strategy == .stopAndCopy, preCopy: strategy == .preCopy)
            pageConnection = try pagePort?.accept(timeoutMilliseconds: 10_000)
            // Pre-dumps write their rounds inside it (`pre-N`); only a final dump makes it itself.
            if strategy == .preCopy { try FileIO.makeDirectories(images, mode: 0o700) }
        } catch {
            destination.disconnect()
            return SystemMigrationReport(outcome: .failed(stage: "connect", reason: "\(error)", source: .running), steps: [],
                                         phases: [Phase(name: MigrationPhaseName.connect, start: connecting, end: MonotonicClock.now())],
                                         parts: [], bytesMoved: 0, dump: CheckpointStatistics(), restore: CheckpointStatistics())
        }
        defer { destination.disconnect() }
        defer { pagePort?.release() }
        let executor = SystemMigrationExecutor(source: self, destination: destination, name: name, tcpEstablished: tcpEstablished,
                                               pagePort: pagePort, pageConnection: pageConnection, service: service)
        var machine = MigrationMachine(strategy: strategy, imagePath: images)
        let outcome = machine.run(with: executor)
        // Passed through: the destination has them, or the source runs (or is held) again.
        if destination.imagesPassThrough, outcome.sourceImagePath != moving { store.removeCheckpoint(moving) }
        return SystemMigrationReport(outcome: outcome, steps: machine.history,
                                     phases: [Phase(name: MigrationPhaseName.connect, start: connecting, end: executor.began)] + executor.phases,
                                     parts: executor.parts, bytesMoved: executor.bytesMoved, dump: executor.dumpStatistics,
                                     restore: executor.restoreStatistics)
    }
}

extension SystemRuntime {
    /// Copies the stopped container `name` into `destination`'s store through `commitNew`
    /// (all or nothing, the config last): its rootfs (owners and modes kept), metadata and
    /// checkpoint images (through `transfer`, whose byte count is returned). The source is
    /// left as it was.
    func copyStopped(name: String, to destination: SystemRuntime, imagePath: String, transfer: any ImageTransfer) throws -> UInt64 {
        let config = try store.loadConfig(of: name)
        let text = try FileLXCConfigSource().read(store.configPath(of: name))
        let target = destination.store
        var moved: UInt64 = 0
        try target.commitNew(name, stage: "migrate \(name) to \(target.root)") { rootfs in
            try HostFiles.copyTree(config.rootfsPath ?? store.rootfsPath(of: name), to: rootfs)
            moved = try transfer.transfer(from: imagePath, to: target.checkpointDirectory(of: name))
            let metadata = (try? store.loadMetadata(of: name)) ?? SystemMetadata(template: "unknown", readinessMarker: nil)
            return SystemStore.NewContainer(configText: LXCConfigText.setting("lxc.rootfs.path", to: "dir:" + rootfs, in: text),
                                            metadata: metadata)
        }
        return moved
    }
}

/// What a migration did: how it ended, its steps with their times, the bytes it copied and
/// CRIU's statistics of the dump and the restore.
public struct SystemMigrationReport: Sendable {
    public var outcome: MigrationOutcome
    public var steps: [MigrationStep]
    public var phases: [Phase]
    /// The parts of the destination's restore (see `MigrationPhaseName.criuRestore`).
    public var parts: [Phase]
    public var bytesMoved: UInt64
    public var dump: CheckpointStatistics
    public var restore: CheckpointStatistics

    /// CRIU's frozen time of the dump plus its restore time, in milliseconds.
    public var frozenMilliseconds: Double? { CheckpointStatistics.frozenAndRestoreMilliseconds(dump: dump, restore: restore) }
}

/// What a destination's restore gave back: CRIU's statistics where they can be read, and the
/// restore's parts with their times (on the monotonic clock every lab host of one machine shares).
public struct SystemRestoreOutcome: Sendable, Equatable, Codable {
    public var statistics: CheckpointStatistics
    public var parts: [Phase]

    public init(statistics: CheckpointStatistics = CheckpointStatistics(), parts: [Phase] = []) {
        self.statistics = statistics
        self.parts = parts
    }
}

/// Carries out the steps for `SystemRuntime.migrate` between two stores.
final class SystemMigrationExecutor: MigrationExecutor {
    let source: SystemRuntime
    let destination: any SystemMigrationDestination
    let name: String
    let tcpEstablished: Bool
    /// Post-copy to another host: the port the destination connected to (nil: another store
    /// of this host, which restores lazily from the copied images), and that connection, which
    /// CRIU's lazy dump serves the pages over. Ours is closed once CRIU has its own: a CRIU
    /// that dies must close the connection, so that the destination's daemon sees its end.
    let pagePort: ReservedPort?
    private var pageConnection: Int32?
    let service: CRIUService
    /// When the executor was made: the end of the connect step before it.
    let began = MonotonicClock.now()
    private(set) var phases: [Phase] = []
    private(set) var parts: [Phase] = []
    private(set) var bytesMoved: UInt64 = 0
    private(set) var dumpStatistics = CheckpointStatistics()
    private(set) var restoreStatistics = CheckpointStatistics()
    /// Post-copy to another host: the dump whose page server holds the memory until the
    /// destination has pulled it.
    private var lazyDump: LazyDump?
    /// Stop-and-copy whose pages went to the destination's page server: the source is held
    /// frozen (`holdForMigration`) until it runs there, and a rollback releases it.
    private var held = false
    /// Pre-copy: the pre-dumps done, the last of them the final dump's parent.
    private var preDumps = 0

    /// The source's dumps but post-copy's (`SystemRuntime.dump`, a seam).
    let dumpSource: SystemSourceDump.Run

    init(source: SystemRuntime, destination: any SystemMigrationDestination, name: String, tcpEstablished: Bool,
         pagePort: ReservedPort?, pageConnection: Int32?, service: CRIUService, dumpSource: SystemSourceDump.Run? = nil) {
        self.source = source
        self.destination = destination
        self.name = name
        self.tcpEstablished = tcpEstablished
        self.pagePort = pagePort
        self.pageConnection = pageConnection
        self.service = service
        self.dumpSource = dumpSource ?? { request in try source.dump(name: name, request, tcpEstablished: tcpEstablished, service: service) }
    }

    deinit { closePageConnection() }

    static func bytes(ofPages pages: UInt64?) -> UInt64 { (pages ?? 0) * UInt64(sysconf(Int32(_SC_PAGESIZE))) }

    private func closePageConnection() {
        if let pageConnection { close(pageConnection) }
        pageConnection = nil
    }

    func perform(_ step: MigrationStep, imagePath: String) throws -> MigrationStepReport {
        let start = MonotonicClock.now()
        defer { phases.append(Phase(name: MigrationMachine.stageName(step), start: start, end: MonotonicClock.now())) }
        switch step {
        case .preDump(let iteration, let parent):
            let (statistics, sent) = try preDump(iteration, parent: parent, imagePath: imagePath)
            if sent { bytesMoved += Self.bytes(ofPages: statistics.pagesWritten) }
            preDumps = iteration
            return MigrationStepReport(pagesWritten: statistics.pagesWritten)
        case .dump(let parent, let lazy):
            // Post-copy to another host: every image but memory now, the pages from the
            // source's page server while the container already runs there. To another store
            // of this host the pages are dumped and restored lazily from the copied images.
            if lazy, let pagePort, let pageConnection {
                let (source, name, tcpEstablished) = (source, name, tcpEstablished)
                let dump = try LazyDump.start(name: name, address: pagePort.pageServerAddress, service: service) { service, statusFD in
                    try source.dump(name: name, imagePath: imagePath, tcpEstablished: tcpEstablished, service: service,
                                    lazyPages: pagePort.pageServerAddress, pageConnection: pageConnection, statusFD: statusFD)
                }
                lazyDump = dump
                do {
                    try dump.waitUntilReady()
                    closePageConnection()
                } catch {
                    closePageConnection()
                    // Nothing of it runs there yet: the source, left frozen by the failed dump, runs on.
                    lazyDump = nil
                    do { try source.releaseMigrationHold(name) } catch let release {
                        throw MigrationStepFailure(CoreError(stage: "checkpoint \(name)", detail: "\(error); resuming it failed too: \(release)"),
                                                   source: .held)
                    }
                    throw error
                }
                // The destination's connection is CRIU's now: nothing else comes to the port.
                pagePort.release()
                return MigrationStepReport(heldSource: true)
            }
            // The pages straight to the destination's page server, when it has one (the source
            // is then held frozen, not ended); a pre-copy's final dump (`parent`) sends them to
            // the one the destination starts beside its pre-dumps, or keeps them beside its parents.
            let (statistics, receiver) = if let parent {
                try finalDump(after: preDumps, parent: parent, imagePath: imagePath)
            } else {
                (try dumpSource(SystemSourceDump(imagePath: imagePath, preDump: false, sendPages: destination.pageReceiver)),
                 destination.pageReceiver)
            }
            held = receiver != nil
            dumpStatistics = statistics
            if held { bytesMoved += Self.bytes(ofPages: statistics.pagesWritten) }
            return MigrationStepReport(pagesWritten: statistics.pagesWritten, heldSource: held)
        case .transfer:
            let moved = try destination.receive(name, from: source, imagePath: imagePath, frozen: lazyDump != nil || held)
            bytesMoved += moved
            return MigrationStepReport(bytesMoved: moved)
        case .restore(let lazy):
            let restored = try destination.restore(name, tcpEstablished: tcpEstablished, lazyPages: lazy,
                                                   pageServer: lazyDump?.address)
            restoreStatistics = restored.statistics
            parts += restored.parts
            return MigrationStepReport()
        case .finishSource:
            // The destination runs; a lazy dump ends once its pages have all gone there.
            var lazyFailure: (any Error)?
            if let lazyDump {
                do {
                    // CRIU's frozen time of a lazy dump is no span we can use (the first run here
                    // read 4,243,864 ms, a wrapped 32-bit count of microseconds): the tree stays frozen while its pages
                    // are served, so its frozen time is left out rather than reported wrong.
                    dumpStatistics = try lazyDump.finish().statistics
                    dumpStatistics.frozenMicroseconds = nil
                } catch {
                    lazyFailure = error
                }
            }
            // A lazy dump leaves the source held frozen, whether it ended well or failed after
            // the destination's restore (whose lazy-pages daemon said every page came in): it
            // is ended, never resumed.
            if held || lazyDump != nil { try source.endMigrationHold(name) }
            try source.destroy(name: name, force: true)
            if let lazyFailure {
                throw CoreError(stage: "lazy dump on this host", detail: "\(lazyFailure); it failed after the copy on \(destination.place) had every page; the source was ended")
            }
            return MigrationStepReport()
        case .rollback:
            // The source resumes only once the destination's copy is surely gone (it may
            // have run, post-copy with the pages served so far); else it stays as it is.
            do {
                try destination.discard(name)
            } catch {
                // A lazy dump's CRIU is ended all the same; the tree stays frozen (see `dump`).
                let frozenHere = held || lazyDump != nil
                lazyDump?.abort()
                lazyDump = nil
                throw MigrationStepFailure(error, source: frozenHere ? .held : .checkpointed(imagePath: imagePath))
            }
            if let lazyDump {
                // The memory never left: CRIU's page server is ended (the failed dump keeps the
                // tree frozen, see `dump`) and the tree runs on here.
                lazyDump.abort()
                self.lazyDump = nil
                try source.releaseMigrationHold(name)
                guard source.store.runningState(of: name) != nil else {
                    throw CoreError(stage: "rollback \(name)", detail: "the source did not run on after its lazy dump was ended")
                }
                return MigrationStepReport()
            }
            if held {
                // The pages are there, the tree is here, frozen: it runs on.
                try source.releaseMigrationHold(name)
                held = false
                return MigrationStepReport()
            }
            try source.restore(name: name, tcpEstablished: tcpEstablished, service: service)
            return MigrationStepReport()
        }
    }
}
