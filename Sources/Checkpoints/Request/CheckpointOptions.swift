/// What a checkpoint is asked to do: runc's `checkpoint` flags.
public struct CheckpointOptions: Sendable, Equatable, Codable {
    public var imagePath: String
    /// CRIU's log and temporary files (nil: the image path).
    public var workPath: String?
    public var leaveRunning = false
    public var tcpEstablished = false
    public var externalUnixSockets = false
    public var shellJob = false
    public var fileLocks = false
    /// Only dump memory, leaving the container running (pre-copy's iterations).
    public var preDump = false
    /// The previous pre-dump's images, as a path relative to `imagePath` (CRIU's rule).
    public var parentPath: String?
    public var pageServer: PageServerAddress?
    /// Dump all but memory; memory is served on `pageServer` to a lazy restore.
    public var lazyPages = false
    /// Written a byte when the lazy-pages page server is ready.
    public var statusFD: Int32?
    /// At a lazy dump's status-ready the manifest is written (every image listed and
    /// checksummed) before the byte, so a restore may start from the directory at once. Off
    /// when the images go in a stream that makes the manifest as it reads them (a system
    /// container's move to another host): the frozen window then holds no pass over the images.
    public var manifestWhenReady = true
    /// A descriptor of ours: the TCP connection to the page server's peer, made in our network
    /// namespace, which CRIU uses instead of listening on or connecting to `pageServer`.
    public var pageServerSocket: Int32?
    /// A descriptor of ours: the tree's own network namespace, for CRIU to run in (it then
    /// saves nothing of it; the restore runs CRIU in a namespace made and wired beforehand).
    public var networkNamespace: Int32?
    /// A CRIU config file the request names (options CRIU's RPC does not carry for this dump).
    public var configFile: String?
    public var cgroupMode: CRIUCgroupMode = .soft
    /// The network namespace is not described: the restore makes it empty and the caller wires it.
    public var emptyNetworkNamespace = false
    /// nil: CRIU's default (iptables).
    public var networkLock: CRIUNetworkLock?

    public init(imagePath: String) {
        self.imagePath = imagePath
    }
}

/// What a restore is asked to do: runc's `restore` flags.
public struct RestoreOptions: Sendable, Equatable, Codable {
    public var imagePath: String
    public var workPath: String?
    public var tcpEstablished = false
    public var externalUnixSockets = false
    public var shellJob = false
    public var fileLocks = false
    /// Restore without memory; pages are pulled on first touch through userfaultfd by a
    /// `criu lazy-pages` daemon (started here when `pageServer` names the source).
    public var lazyPages = false
    public var pageServer: PageServerAddress?
    public var cgroupMode: CRIUCgroupMode = .soft
    /// nil: CRIU's default (iptables).
    public var networkLock: CRIUNetworkLock?

    public init(imagePath: String) {
        self.imagePath = imagePath
    }
}
