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
        let images = store.checkpointDirectory(of: name)
        try? FileIO.removeTree(images)
        let executor = SystemMigrationExecutor(source: self, destination: destination, name: name,
                                               tcpEstablished: tcpEstablished, service: service)
        var machine = MigrationMachine(strategy: strategy, imagePath: images)
        let outcome = machine.run(with: executor)
        return SystemMigrationReport(outcome: outcome, steps: machine.history, phases: executor.phases,
                                     bytesMoved: executor.bytesMoved, dump: executor.dumpStatistics,
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
    public var phases: [MigrationPhase]
    public var bytesMoved: UInt64
    public var dump: CheckpointStatistics
    public var restore: CheckpointStatistics

    /// CRIU's frozen time of the dump plus its restore time, in milliseconds.
    public var frozenMilliseconds: Double? { CheckpointStatistics.frozenAndRestoreMilliseconds(dump: dump, restore: restore) }
}

/// One step's monotonic start and end, in nanoseconds.
public struct MigrationPhase: Sendable, Equatable, Codable {
    public var name: String
    public var start: UInt64
    public var end: UInt64
}

/// Carries out the steps for `SystemRuntime.migrate` between two stores.
final class SystemMigrationExecutor: MigrationExecutor {
    let source: SystemRuntime
    let destination: any SystemMigrationDestination
    let name: String
    let tcpEstablished: Bool
    let service: CRIUService
    private(set) var phases: [MigrationPhase] = []
    private(set) var bytesMoved: UInt64 = 0
    private(set) var dumpStatistics = CheckpointStatistics()
    private(set) var restoreStatistics = CheckpointStatistics()
    /// Post-copy to another host: the dump whose page server holds the memory until the
    /// destination has pulled it.
    private var lazyDump: SystemLazyDump?

    init(source: SystemRuntime, destination: any SystemMigrationDestination, name: String, tcpEstablished: Bool,
         service: CRIUService) {
        self.source = source
        self.destination = destination
        self.name = name
        self.tcpEstablished = tcpEstablished
        self.service = service
    }

    func perform(_ step: MigrationStep, imagePath: String) throws -> MigrationStepReport {
        let start = MonotonicClock.now()
        defer { phases.append(MigrationPhase(name: MigrationMachine.stageName(step), start: start, end: MonotonicClock.now())) }
        switch step {
        case .preDump(let iteration, let parent):
            let report = try source.dump(name: name, imagePath: "\(imagePath)/\(MigrationMachine.preDumpDirectory(iteration))",
                                         preDump: true, parentPath: parent, tcpEstablished: tcpEstablished, service: service)
            return MigrationStepReport(pagesWritten: report.statistics.pagesWritten)
        case .dump(let parent, let lazy):
            // Post-copy to another host: every image but memory now, the pages from the
            // source's page server while the container already runs there. To another store
            // of this host the pages are dumped and restored lazily from the copied images.
            if lazy, let address = try destination.pageServerAddress() {
                let dump = try SystemLazyDump.start(source, name: name, imagePath: imagePath, address: address,
                                                    tcpEstablished: tcpEstablished, service: service)
                lazyDump = dump
                try dump.waitUntilReady()
                return MigrationStepReport()
            }
            let report = try source.dump(name: name, imagePath: imagePath, preDump: false, parentPath: parent,
                                         tcpEstablished: tcpEstablished, service: service)
            dumpStatistics = report.statistics
            return MigrationStepReport(pagesWritten: report.statistics.pagesWritten)
        case .transfer:
            let moved = try destination.receive(name, from: source, imagePath: imagePath, frozen: lazyDump != nil)
            bytesMoved += moved
            return MigrationStepReport(bytesMoved: moved)
        case .restore(let lazy):
            restoreStatistics = try destination.restore(name, tcpEstablished: tcpEstablished, lazyPages: lazy,
                                                        pageServer: lazyDump?.address)
            return MigrationStepReport()
        case .finishSource:
            // The destination runs; a lazy dump ends once its pages have all gone there.
            let served = lazyDump.map { dump in Result { try dump.finish() } }
            if case .success(let report)? = served {
                // CRIU's frozen time of a lazy dump is no span we can use (the first run here
                // read 4,243,864 ms, a wrapped 32-bit count of microseconds): the tree stays frozen while its pages
                // are served, so its frozen time is left out rather than reported wrong.
                dumpStatistics = report.statistics
                dumpStatistics.frozenMicroseconds = nil
            }
            try source.destroy(name: name, force: true)
            if case .failure(let error)? = served { throw error }
            return MigrationStepReport()
        case .rollback:
            destination.discard(name)
            if let lazyDump {
                // The memory never left: ending the page server thaws the tree, which runs on.
                lazyDump.abort()
                self.lazyDump = nil
                guard source.store.runningState(of: name) != nil else {
                    throw CoreError(stage: "rollback \(name)", detail: "the source did not run on after its lazy dump was ended")
                }
                return MigrationStepReport()
            }
            try source.restore(name: name, tcpEstablished: tcpEstablished, service: service)
            return MigrationStepReport()
        }
    }
}
