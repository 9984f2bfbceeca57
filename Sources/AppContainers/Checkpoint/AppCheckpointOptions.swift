/// `cbench app checkpoint`'s flags, as podman's `container checkpoint`.
public struct AppCheckpointOptions: Sendable, Equatable {
    /// Write the checkpoint, the container's config and its changed files to this tar.gz.
    public var export: String?
    public var leaveRunning = false
    public var tcpEstablished = false
    /// Keep the image directory after a restore (podman's --keep).
    public var keep = false
    /// The images only pass through on their way to another host (a move): they go into the
    /// run root (`AppStore.movingImages`), not the store.
    public var imagesPassThrough = false

    public init(export: String? = nil, leaveRunning: Bool = false, tcpEstablished: Bool = false, keep: Bool = false,
                imagesPassThrough: Bool = false) {
        self.export = export
        self.leaveRunning = leaveRunning
        self.tcpEstablished = tcpEstablished
        self.keep = keep
        self.imagesPassThrough = imagesPassThrough
    }

    /// The container is frozen by cbench before CRIU gets it, unless it is to run on: CRIU
    /// leaves a group it found FROZEN frozen.
    public var freezesBeforeDump: Bool { !leaveRunning }
}

/// `cbench app restore`'s flags, as podman's `container restore`.
public struct AppRestoreOptions: Sendable, Equatable {
    /// Restore from this archive of `checkpoint --export` (a new container is made from it).
    public var importPath: String?
    /// With an import: the new container's name (else the checkpointed one's, when free).
    public var name: String?
    public var tcpEstablished = false
    public var keep = false

    public init(importPath: String? = nil, name: String? = nil, tcpEstablished: Bool = false, keep: Bool = false) {
        self.importPath = importPath
        self.name = name
        self.tcpEstablished = tcpEstablished
        self.keep = keep
    }
}
