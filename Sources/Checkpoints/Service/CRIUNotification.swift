/// A step CRIU reports while it works (`notify_scripts`); the caller acts, then CRIU goes on.
/// Through the RPC these arrive synchronously, which is why cbench drives CRIU by its RPC
/// service rather than its command line: at `setup-namespaces` the restored init's pid is
/// known while nothing of it runs yet (the moment to wire a network), `network-lock` and
/// `network-unlock` bracket the time the container may not talk, `post-restore` hands over
/// the restored pid, `status-ready` says a lazy-pages page server listens, and
/// `orphan-pts-master` passes a pty master as a descriptor. With the command line these need
/// an action script and a second channel back into the caller.
public struct CRIUNotification: Sendable, Equatable {
    public var script: String
    /// The root task's pid (setup-namespaces, post-restore), when CRIU sends one.
    public var pid: Int32?
    /// A descriptor passed with the message (orphan-pts-master); the handler owns it.
    public var descriptor: Int32?

    public init(script: String, pid: Int32? = nil, descriptor: Int32? = nil) {
        self.script = script
        self.pid = pid
        self.descriptor = descriptor
    }

    public static let preDump = "pre-dump"
    public static let postDump = "post-dump"
    public static let networkLock = "network-lock"
    public static let networkUnlock = "network-unlock"
    public static let setupNamespaces = "setup-namespaces"
    public static let postSetupNamespaces = "post-setup-namespaces"
    public static let preRestore = "pre-restore"
    public static let postRestore = "post-restore"
    public static let preResume = "pre-resume"
    public static let postResume = "post-resume"
    public static let orphanPtsMaster = "orphan-pts-master"
    public static let statusReady = "status-ready"
}

/// What the caller does at each notification; throwing stops CRIU (it rolls back).
public typealias CRIUNotificationHandler = (CRIUNotification) throws -> Void
