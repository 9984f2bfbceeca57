import Checkpoints

/// A dump a migration asks of its source outside post-copy (`SystemMigrationExecutor`): a
/// pre-dump or the final dump, where its images go, its parent, and the page server its pages
/// go to. The executor's seam: tests give it a dump that records these and answers with
/// statistics, without a container or CRIU.
struct SystemSourceDump: Sendable, Equatable {
    var imagePath: String
    var preDump: Bool
    var parentPath: String?
    var sendPages: PageServerAddress?

    typealias Run = (SystemSourceDump) throws -> CheckpointStatistics
}

extension SystemRuntime {
    /// `request` of container `name` through `dump` (CRIU's statistics of it).
    func dump(name: String, _ request: SystemSourceDump, tcpEstablished: Bool, service: CRIUService) throws -> CheckpointStatistics {
        try dump(name: name, imagePath: request.imagePath, preDump: request.preDump, parentPath: request.parentPath,
                 tcpEstablished: tcpEstablished, service: service, sendPages: request.sendPages).statistics
    }
}
