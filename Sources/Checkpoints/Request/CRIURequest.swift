/// One request to CRIU, in cbench's terms: what to dump or restore, where the images go and
/// how the container's surroundings (mounts, cgroups, namespaces, descriptors) are described.
/// `CRIURequest+Protobuf` turns it into the RPC message `criu swrk` reads; nothing here
/// touches the system, so requests are unit-tested as plain values.
public struct CRIURequest: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, Codable {
        case dump, preDump = "pre-dump", restore, pageServer = "page-server", lazyPages = "lazy-pages"
        case featureCheck = "feature-check", version
    }

    public var kind: Kind
    /// Where CRIU reads or writes the images (opened by the service, passed as a descriptor).
    public var imageDirectory: String
    /// Where CRIU writes its log and temporary files (nil: the image directory).
    public var workDirectory: String?
    public var logFile: String
    /// 0-4; 4 keeps every step, which is what an error report needs.
    public var logLevel: Int32 = 4
    /// The root of the process tree to dump (dump, pre-dump).
    public var pid: Int32?
    /// The container's root as the host sees it (dump) or a mount point of it (restore).
    public var root: String?

    public var leaveRunning = false
    public var tcpEstablished = false
    public var externalUnixSockets = false
    public var shellJob = false
    public var fileLocks = false
    /// Pre-copy: the previous pre-dump, relative to `imageDirectory`.
    public var parentImage: String?
    public var trackMemory = false
    /// Dump: send the pages there. Restore with lazy pages: the lazy-pages daemon pulls from there.
    public var pageServer: PageServerAddress?
    /// A connected TCP socket to the page server's peer, by its number in CRIU's process
    /// (`--ps-socket`, swrk only): used instead of `pageServer`'s address, which a CRIU
    /// running in the container's network namespace may not reach.
    public var pageServerSocket: Int32?
    /// Where a dump's `pageServerSocket` is placed in CRIU's process (3 is its RPC socket).
    public static let pageServerSocketNumber: Int32 = 4
    /// A config file CRIU reads with the request (`--config`'s syntax): options its RPC does not carry.
    public var configFile: String?
    public var lazyPages = false
    /// A descriptor CRIU writes one byte to once the lazy-pages page server is ready.
    public var statusFD: Int32?

    public var externalMounts: [ExternalMount] = []
    /// Other `--external` resources: `file[mnt_id:inode]`, `veth[eth0]:host@bridge`, `tty[rdev:dev]`.
    public var externalResources: [String] = []
    public var externalNamespaces: [ExternalNamespace] = []
    public var joinNamespaces: [JoinedNamespace] = []
    public var inheritedDescriptors: [InheritedDescriptor] = []
    /// Namespaces CRIU creates empty on restore (CLONE_NEW* bits), for the caller to set up.
    /// On a dump, a network namespace named here is not described (links, addresses, routes,
    /// rules, iptables and nftables are not saved): for a namespace the caller sets up again.
    public var emptyNamespaces: UInt32 = 0
    /// How CRIU keeps the network of the tree quiet while it works (nil: CRIU's default, iptables).
    public var networkLock: CRIUNetworkLock?

    public var cgroupMode: CRIUCgroupMode = .soft
    public var cgroupRoots: [CgroupRoot] = []
    /// A freezer cgroup CRIU freezes the tree with (else it stops each task with ptrace).
    public var freezeCgroup: String?

    /// Restore the tree as a sibling of CRIU, i.e. as a child of the caller (swrk only).
    public var restoreSibling = false
    /// Open a device by any path when the original one is missing (restore).
    public var evasiveDevices = false
    /// Hand the master of an orphaned pty back through a notification instead of failing.
    public var orphanPtsMaster = false
    /// Send a notification at each step (network lock, setup-namespaces, post-restore...).
    public var notifyScripts = true
    public var skipInFlight = false
    /// The features a feature check asks about.
    public var features: CRIUFeatures?

    public init(kind: Kind, imageDirectory: String, logFile: String? = nil) {
        self.kind = kind
        self.imageDirectory = imageDirectory
        self.logFile = logFile ?? kind.defaultLogFile
    }
}

extension CRIURequest.Kind {
    /// runc's names: dump.log for dump and pre-dump, restore.log for restore.
    var defaultLogFile: String {
        switch self {
        case .dump, .preDump: return "dump.log"
        case .restore: return "restore.log"
        case .pageServer: return "page-server.log"
        case .lazyPages: return "lazy-pages.log"
        case .featureCheck, .version: return "check.log"
        }
    }
}

/// CRIU's `--network-lock` methods (RPC `criu_network_lock_method`). `skip`: CRIU neither locks
/// on dump nor unlocks on restore; the caller keeps the tree's links quiet itself.
public enum CRIUNetworkLock: Int, Sendable, Equatable, Codable {
    case iptables = 1, nftables = 2, skip = 3
}

/// Where a page server listens.
public struct PageServerAddress: Sendable, Equatable, Codable, CustomStringConvertible {
    public var address: String
    public var port: Int32

    public init(address: String, port: Int32) {
        self.address = address
        self.port = port
    }

    /// runc's `--page-server ADDRESS:PORT`.
    public init(parsing text: String) throws(CheckpointError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int32(text[text.index(after: colon)...]),
              port > 0, port < 65536, colon != text.startIndex else {
            throw CheckpointError(stage: "--page-server \(text)", detail: "give ADDRESS:PORT, e.g. 127.0.0.1:27000")
        }
        self.init(address: String(text[..<colon]), port: port)
    }

    public var description: String { "\(address):\(port)" }
}

/// A bind mount whose source lies outside the container: dumped by its place inside
/// (`mnt[/etc/hosts]:/etc/hosts`), restored from a host path (`mnt[/etc/hosts]:/run/.../hosts`).
public struct ExternalMount: Sendable, Equatable, Codable {
    public var containerPath: String
    public var hostSource: String

    public init(containerPath: String, hostSource: String) {
        self.containerPath = containerPath
        self.hostSource = hostSource
    }
}

/// A namespace the container joined rather than made (network or pid): dumped as external
/// (`net[INODE]:KEY`) and handed back on restore as an inherited descriptor with that key.
public struct ExternalNamespace: Sendable, Equatable, Codable {
    public var kind: String
    public var inode: UInt64
    public var path: String

    public init(kind: String, inode: UInt64, path: String) {
        self.kind = kind
        self.inode = inode
        self.path = path
    }

    /// runc's key: extRootNetNS, extRootPidNS.
    public var key: String { "extRoot\(kind.prefix(1).uppercased())\(kind.dropFirst())NS" }
}

/// A namespace the restored tree joins (uts, ipc, mnt...): `--join-ns KIND:FILE`.
public struct JoinedNamespace: Sendable, Equatable, Codable {
    public var kind: String
    public var file: String

    public init(kind: String, file: String) {
        self.kind = kind
        self.file = file
    }
}

/// A descriptor of the caller that CRIU's restored tree takes in place of the dumped object
/// named by `key` (`pipe:[INODE]`, `file[MNT:INODE]`, `extRootNetNS`).
public struct InheritedDescriptor: Sendable, Equatable, Codable {
    public var key: String
    /// The descriptor number in CRIU's process.
    public var fd: Int32

    public init(key: String, fd: Int32) {
        self.key = key
        self.fd = fd
    }
}

/// CRIU's cgroup handling (`--manage-cgroups`).
public enum CRIUCgroupMode: String, Sendable, Equatable, Codable, CaseIterable {
    case ignore, none, props, soft, full, strict
}

/// On restore: the cgroup the dumped root cgroup of `controller` (nil: every one) becomes.
public struct CgroupRoot: Sendable, Equatable, Codable {
    public var controller: String?
    public var path: String

    public init(controller: String?, path: String) {
        self.controller = controller
        self.path = path
    }
}

/// What a feature check asks for and what CRIU answers.
public struct CRIUFeatures: Sendable, Equatable {
    public var memoryTracking: Bool?
    public var lazyPages: Bool?

    public init(memoryTracking: Bool? = nil, lazyPages: Bool? = nil) {
        self.memoryTracking = memoryTracking
        self.lazyPages = lazyPages
    }
}
