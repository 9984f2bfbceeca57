#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

/// Where a migrating system container goes: another store on this host, or another host.
public protocol SystemMigrationDestination {
    /// For messages: a store's root, or a host's name.
    var place: String { get }
    /// Fails when `name` is taken there.
    func requireNew(_ name: String, stage: String) throws
    /// Copies the stopped container `name` of `source` (rootfs, config, metadata) and its
    /// images in `imagePath`; returns the bytes moved. `frozen`: the tree is not stopped but
    /// frozen by a lazy dump whose page server still holds its memory (post-copy).
    func receive(_ name: String, from source: SystemRuntime, imagePath: String, frozen: Bool) throws -> UInt64
    /// Restores it there; returns CRIU's restore statistics where they can be read.
    /// `pageServer`: post-copy from the source's page server there (else, with `lazyPages`,
    /// the pages come lazily from the copied images).
    func restore(_ name: String, tcpEstablished: Bool, lazyPages: Bool, pageServer: PageServerAddress?) throws -> CheckpointStatistics
    /// Where the source's lazy page server listens for this destination, or nil when post-copy
    /// here restores lazily from copied images instead (another store of this host).
    func pageServerAddress() throws -> PageServerAddress?
    /// Removes whatever of `name` is there (a rollback).
    func discard(_ name: String)
}

/// A second store on this host; the images move through `transfer`.
public struct LocalSystemDestination: SystemMigrationDestination {
    public let runtime: SystemRuntime
    public let transfer: any ImageTransfer
    let service: CRIUService

    public init(runtime: SystemRuntime, transfer: any ImageTransfer = LocalImageTransfer(), service: CRIUService = CRIUService()) {
        self.runtime = runtime
        self.transfer = transfer
        self.service = service
    }

    public var place: String { runtime.store.root }

    public func requireNew(_ name: String, stage: String) throws {
        try runtime.store.requireNew(name, stage: stage)
    }

    public func receive(_ name: String, from source: SystemRuntime, imagePath: String, frozen: Bool) throws -> UInt64 {
        try source.copyStopped(name: name, to: runtime, imagePath: imagePath, transfer: transfer)
    }

    public func pageServerAddress() throws -> PageServerAddress? { nil }

    public func restore(_ name: String, tcpEstablished: Bool, lazyPages: Bool, pageServer: PageServerAddress?) throws -> CheckpointStatistics {
        try runtime.restore(name: name, tcpEstablished: tcpEstablished, keep: true, lazyPages: lazyPages, service: service)
        let images = runtime.store.checkpointDirectory(of: name)
        defer { try? FileIO.removeTree(images) }
        return CheckpointStatistics.read(from: images)
    }

    public func discard(_ name: String) {
        if runtime.store.exists(name) { try? runtime.destroy(name: name, force: true) }
    }
}
