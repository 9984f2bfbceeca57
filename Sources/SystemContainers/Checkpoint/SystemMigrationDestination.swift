#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

/// Where a migrating system container goes: another store on this host, or another host.
public protocol SystemMigrationDestination {
    /// For messages: a store's root, or a host's name.
    var place: String { get }
    /// The images only pass through the source on their way into the destination's stream
    /// (another host): the source dumps them into its run root (`movingCheckpointDirectory`).
    var imagesPassThrough: Bool { get }
    /// Fails when `name` is taken there.
    func requireNew(_ name: String, stage: String) throws
    /// Before the source freezes: opens whatever the later steps go through (another host's
    /// ssh session and its cbench, waiting for the stream) and may send what can go while
    /// `source`'s container still runs (its root), so none of it falls in the frozen window.
    /// `pageServer`: post-copy's, where the destination will pull the memory from.
    /// `receivePages`: stop-and-copy's; the destination may start a page server the final dump
    /// sends its pages to (`pageReceiver`), so they are not in the frozen window's transfer.
    /// `preCopy`: the destination takes pre-copy's requests (`preCopyPages`) before the rest.
    func connect(_ name: String, from source: SystemRuntime, tcpEstablished: Bool, pageServer: PageServerAddress?,
                 receivePages: Bool, preCopy: Bool) throws
    /// After `connect` with `receivePages`: where the destination's page server listens for the
    /// final dump's pages, or nil when the pages go with the other images.
    var pageReceiver: PageServerAddress? { get }
    /// Pre-copy, after `connect` with `preCopy`: asks for the page server of `request`'s dump
    /// (pre-dump N's, or the final one's after pre-dump N), or nil when its pages stay with the
    /// images here (another store of this host copies `pre-N` with the rest).
    func preCopyPages(for request: PreCopyRequestLine) throws -> PageServerAddress?
    /// Pre-copy: waits until pre-dump `iteration`'s pages, sent to `preCopyPages`' server, are
    /// all written there.
    func preDumped(_ iteration: Int) throws
    /// Ends what `connect` opened and no step used up (a dump that failed). Never throws.
    func disconnect()
    /// Copies the stopped container `name` of `source` (rootfs, config, metadata) and its
    /// images in `imagePath`; returns the bytes moved. `frozen`: the tree is not stopped but
    /// frozen by a lazy dump whose page server still holds its memory (post-copy).
    func receive(_ name: String, from source: SystemRuntime, imagePath: String, frozen: Bool) throws -> UInt64
    /// Restores it there; returns CRIU's restore statistics where they can be read and the
    /// restore's parts with their times. `pageServer`: post-copy from the source's page server
    /// there (else, with `lazyPages`, the pages come lazily from the copied images).
    func restore(_ name: String, tcpEstablished: Bool, lazyPages: Bool, pageServer: PageServerAddress?) throws -> SystemRestoreOutcome
    /// Where the source's lazy page server will listen for this destination, the port held
    /// until CRIU's server binds it (`ReservedPort`), or nil when post-copy here restores
    /// lazily from copied images instead (another store of this host).
    func reservePageServerPort() throws -> ReservedPort?
    /// Removes whatever of `name` is there (a rollback); throws unless it is sure nothing of
    /// it runs there any more (the source is resumed only then).
    func discard(_ name: String) throws
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
    /// The images are copied into the other store from where the dump left them.
    public var imagesPassThrough: Bool { false }

    public func requireNew(_ name: String, stage: String) throws {
        try runtime.store.requireNew(name, stage: stage)
    }

    /// The store is here: nothing to open.
    public func connect(_ name: String, from source: SystemRuntime, tcpEstablished: Bool, pageServer: PageServerAddress?,
                        receivePages: Bool, preCopy: Bool) throws {}
    /// The pages go with the images (`transfer`).
    public var pageReceiver: PageServerAddress? { nil }
    /// Pre-dumps write `pre-N` beside the images, copied with them.
    public func preCopyPages(for request: PreCopyRequestLine) throws -> PageServerAddress? { nil }
    public func preDumped(_ iteration: Int) throws {}
    public func disconnect() {}

    public func receive(_ name: String, from source: SystemRuntime, imagePath: String, frozen: Bool) throws -> UInt64 {
        try source.copyStopped(name: name, to: runtime, imagePath: imagePath, transfer: transfer)
    }

    public func reservePageServerPort() throws -> ReservedPort? { nil }

    public func restore(_ name: String, tcpEstablished: Bool, lazyPages: Bool, pageServer: PageServerAddress?) throws -> SystemRestoreOutcome {
        try runtime.restoreReporting(name: name, tcpEstablished: tcpEstablished, lazyPages: lazyPages, service: service).outcome
    }

    public func discard(_ name: String) throws {
        if runtime.store.exists(name) { try runtime.destroy(name: name, force: true) }
    }
}
