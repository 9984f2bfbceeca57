import Checkpoints
import NamespaceCore

/// `cbench app checkpoint`'s flags, as podman's `container checkpoint`.
public struct AppCheckpointOptions: Sendable, Equatable {
    /// Write the checkpoint, the container's config and its changed files to this tar.gz.
    public var export: String?
    public var leaveRunning = false
    public var tcpEstablished = false
    /// Keep the image directory after a restore (podman's --keep).
    public var keep = false
    /// Post-copy's dump (`cbench app migrate --strategy post-copy`): every image but memory,
    /// the tree kept frozen while its pages are served to the destination.
    public var lazyPages: AppLazyPageServing?
    /// The images only pass through on their way to another host (a move): they go into the
    /// run root (`AppStore.movingImages`), not the store.
    public var imagesPassThrough = false
    /// Stop-and-copy to another host: the pages go to the destination's page server at this
    /// address during the dump (not into the images here), and the tree is held frozen here
    /// with its host links down (`holdsSource`), since its memory is no longer here to restore
    /// it from; the move ends it once the copy there has every page, or resumes it.
    public var sendPages: PageServerAddress?
    /// A move whose destination makes and wires the tree's network namespace itself before the
    /// freeze: CRIU runs inside the tree's own namespace, so it saves nothing of it (no links,
    /// routes, iptables tables or conntrack walk in the frozen window), and the network is held
    /// by us instead of CRIU's iptables lock: the host links go down at the freeze. The
    /// manifest says so (`CheckpointManifest.networkOutsideImagesKey`). Only for a move's dump
    /// (`sendPages` or `lazyPages`): no restore of this host makes the namespace first.
    public var networkOutsideImages = false
    /// Pre-copy's pre-dump (a move, with `imagesPassThrough` and `sendPages`): only the memory,
    /// while the container runs on, into this directory of the images (`pre-N`); its pages go
    /// to `sendPages`. The first (no `parentPath`) starts the images anew.
    public var preDumpDirectory: String?
    /// Pre-copy: the pre-dump this dump builds on, relative to its own directory as CRIU takes
    /// it (`../pre-N` for a pre-dump, `pre-N` for the final dump, which keeps the pre-dumps).
    public var parentPath: String?

    public init(export: String? = nil, leaveRunning: Bool = false, tcpEstablished: Bool = false, keep: Bool = false,
                lazyPages: AppLazyPageServing? = nil, imagesPassThrough: Bool = false, sendPages: PageServerAddress? = nil,
                networkOutsideImages: Bool = false, preDumpDirectory: String? = nil, parentPath: String? = nil) {
        self.export = export
        self.leaveRunning = leaveRunning
        self.tcpEstablished = tcpEstablished
        self.keep = keep
        self.lazyPages = lazyPages
        self.imagesPassThrough = imagesPassThrough
        self.sendPages = sendPages
        self.networkOutsideImages = networkOutsideImages
        self.preDumpDirectory = preDumpDirectory
        self.parentPath = parentPath
    }

    /// The dump leaves the tree frozen here, alive, with its links down: its pages went to
    /// another host's page server.
    public var holdsSource: Bool { sendPages != nil && lazyPages == nil && !leaveRunning && preDumpDirectory == nil }

    /// The images of this dump start anew (an older checkpoint goes first), unless it builds
    /// on a pre-dump of the same move.
    var startsImages: Bool { parentPath == nil }

    /// The container is frozen by cbench before CRIU gets it, unless it is to run on: CRIU
    /// leaves a group it found FROZEN frozen. Post-copy's dump is frozen first for that very
    /// reason: CRIU leaves its tree frozen for the move to end or resume (`serveLazily`).
    /// A pre-dump runs on: CRIU stops the tree only while it collects the pages.
    public var freezesBeforeDump: Bool { (!leaveRunning && preDumpDirectory == nil) || lazyPages != nil }

    /// CRIU's network lock for this dump. Inside the tree's namespace there is none: the links
    /// are held down by us. A move's dump otherwise locks with nftables, which CRIU runs in its
    /// own process (libnftables), not with iptables, which it runs as iptables-restore programs:
    /// their unlock, before a lazy dump serves its pages and before a held dump returns, took
    /// 51-63 ms of the frozen window in mig12t's diagnosis (2026-12-05 10:35 UTC). The restore
    /// unlocks with the method the images name (CRIU's inventory). nil: CRIU's default, iptables.
    public func networkLock(insideNamespace: Bool) -> CRIUNetworkLock? {
        if insideNamespace { return .skip }
        return imagesPassThrough ? .nftables : nil
    }

    /// Whether the dump of a container launched with `spec` runs CRIU inside its network
    /// namespace: asked (`networkOutsideImages`), a move's dump (the tree is held, not ended),
    /// and the tree has a namespace of its own that CRIU may enter (none joined by path, no user
    /// namespace: a namespace the destination makes would not be that user namespace's).
    public func dumpRunsInNetworkNamespace(of spec: LaunchSpec) -> Bool {
        networkOutsideImages && (holdsSource || lazyPages != nil)
            && spec.namespaces.contains { $0.kind == .network && $0.path == nil }
            && !spec.namespaces.contains { $0.kind == .user }
    }
}

/// `cbench app restore`'s flags, as podman's `container restore`.
public struct AppRestoreOptions: Sendable, Equatable {
    /// Restore from this archive of `checkpoint --export` (a new container is made from it).
    public var importPath: String?
    /// With an import: the new container's name (else the checkpointed one's, when free).
    public var name: String?
    public var tcpEstablished = false
    public var keep = false
    /// Post-copy: the tree runs before its memory is here; a `criu lazy-pages` daemon pulls
    /// it from the source's page server over this connection, and the restore ends once every
    /// page is in.
    public var lazyPagesFrom: AppLazyPageSource?
    /// With an import (a stop-and-copy move's destination): before the archive is read a
    /// `criu page-server` is started into the images' directory, its port told
    /// through `restoreReporting`'s `pagesReady` (to the move's source, as `pages PORT`), and the
    /// source's dump sends its pages there; the archive then carries every image but memory.
    public var receivePages = false
    /// The tree runs before its memory is read back: a `criu lazy-pages` daemon fills it from
    /// the images here while it runs, and the restore ends once every page is in.
    public var lazyRestore = false
    /// With `receivePages`, pre-copy's destination: before the final dump's page server the
    /// source's request lines are read from the stream, each pre-dump's pages received by a page
    /// server of its own (`PreCopyReceiver`); the restore reads the pages through the pre-dumps
    /// (CRIU's parent links), not lazily.
    public var preCopy = false
    /// With an import from a stream (a move's destination): its first line is the container's
    /// record and networks, from which the container is made and its restore prepared before
    /// the archive is read (`AppRuntime+PreparedImport`); `restoreReporting`'s `prepared` is
    /// told once it is (the move's source waits for `prepared` before it freezes).
    public var prepare = false

    public init(importPath: String? = nil, name: String? = nil, tcpEstablished: Bool = false, keep: Bool = false,
                lazyPagesFrom: AppLazyPageSource? = nil, receivePages: Bool = false, lazyRestore: Bool = false,
                prepare: Bool = false, preCopy: Bool = false) {
        self.importPath = importPath
        self.name = name
        self.tcpEstablished = tcpEstablished
        self.keep = keep
        self.lazyPagesFrom = lazyPagesFrom
        self.receivePages = receivePages
        self.lazyRestore = lazyRestore
        self.prepare = prepare
        self.preCopy = preCopy
    }

    /// How the restore brings the tree up (post-copy's or a lazy restore's daemon: lazily).
    var bringUp: AppBringUp {
        .restore(tcpEstablished: tcpEstablished, lazyPages: lazyPagesFrom != nil || lazyRestore)
    }
}

/// Where a lazy dump serves its pages: `address` (the source's, as the destination reached
/// it), over `connection`, which the destination made to it; `statusFD` is written a byte once
/// every image but memory is written (`LazyDump`).
public struct AppLazyPageServing: Sendable, Equatable {
    public var address: PageServerAddress
    public var connection: Int32
    public var statusFD: Int32?

    public init(address: PageServerAddress, connection: Int32, statusFD: Int32?) {
        self.address = address
        self.connection = connection
        self.statusFD = statusFD
    }
}

/// The source's page server as the destination's restore reaches it: its address, and the
/// connection made to it before the import began.
public struct AppLazyPageSource: Sendable, Equatable {
    public var address: PageServerAddress
    public var connection: Int32

    public init(address: PageServerAddress, connection: Int32) {
        self.address = address
        self.connection = connection
    }
}
