/// What to launch: a plain description of one container process, built by a mode
/// (OCI bundle, system container, app container) and carried out by `Launcher`.
/// The launcher turns it into CShim's flat C launch plan; no Swift runs in the child.
public struct LaunchSpec: Sendable, Equatable {
    /// argv; `args[0]` without a slash is looked up in the container's `PATH`.
    public var args: [String]
    /// Executed instead of `args[0]`, which then is only argv[0] (an OCI hook's `path`).
    public var executable: String?
    /// `KEY=VALUE` entries, exactly as the process will see them.
    public var environment: [String]
    /// Absolute path inside the container; must resolve inside the root.
    public var workingDirectory: String = "/"
    public var user = UserSpec()
    /// Namespaces to create (`path == nil`) or join (`path` set). A kind appears at most once.
    public var namespaces: [NamespaceSpec] = []
    public var uidMappings: [IDMapping] = []
    public var gidMappings: [IDMapping] = []
    /// nil: the process keeps the caller's root (no pivot_root).
    public var rootfs: RootfsSpec?
    /// Mounts in order, after the root is prepared and before pivot_root.
    public var mounts: [MountSpec] = []
    /// Device nodes to create (or bind from the host inside a user namespace) under /dev.
    public var devices: [DeviceNode] = []
    /// When /dev is a tmpfs: create the standard nodes and the /dev/fd, std*, ptmx links.
    public var populateDev: Bool = true
    public var maskedPaths: [String] = []
    public var readonlyPaths: [String] = []
    /// An empty host directory, or nil. Set (for new user, mount and pid namespaces), the first
    /// child, still host root, mounts the container's proc and sysfs there with the masked paths
    /// under /proc and /sys, and they reach the container's mount namespace locked: container
    /// root can neither unmount them nor mount a fresh proc or sysfs (CShim's locked_mounts.c).
    public var lockingStage: String?
    public var hostname: String?
    public var domainname: String?
    /// Written under /proc/sys inside the container, e.g. `net.ipv4.ip_forward`.
    public var sysctl: [String: String] = [:]
    public var rlimits: [RlimitSpec] = []
    /// nil keeps the caller's capabilities.
    public var capabilities: CapabilitySets?
    public var noNewPrivileges: Bool = false
    /// A BPF program already compiled in the parent (see `SeccompProfile.compile()`).
    public var seccomp: SeccompProgram?
    public var oomScoreAdj: Int?
    /// Start a new session (setsid) so the process is a session leader, as inits need.
    public var newSession: Bool = true
    /// Make stdin (a pty slave) the controlling terminal of that new session, so the shell
    /// in it gets job control and Ctrl-C reaches it (`-t`).
    public var controllingTerminal: Bool = false
    /// A connected `--console-socket` (the caller keeps and closes it): after pivot_root the child
    /// opens a pty of the container's devpts, makes the slave its stdio, controlling terminal and
    /// /dev/console, and sends the master here, as runc does. Needs `newSession`.
    public var consoleSocket: Int32?
    /// Bring `lo` up when a new network namespace is created.
    public var loopbackUp: Bool = true
    /// Descriptors in the caller kept open for the container (they become 3, 4, ...).
    public var preservedFDs: [Int32] = []
    public var stdio = StdioSpec.inherit
    /// The cgroups the process starts in; nil leaves it in the caller's.
    public var cgroupPlacement: CgroupPlacement?
    /// When set, the child waits on this FIFO after all set-up and before execve
    /// (OCI `create`/`start`); the opener of its read end lets it run.
    public var startGateFIFO: String?
    /// Pause after the mounts and before pivot_root for the launcher's `atHooks` (OCI create hooks).
    public var pausesForHooks: Bool = false

    public init(args: [String], environment: [String] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]) {
        self.args = args
        self.environment = environment
    }
}

public struct UserSpec: Sendable, Equatable {
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var additionalGids: [UInt32] = []
    public var umask: UInt32?
    public init(uid: UInt32 = 0, gid: UInt32 = 0, additionalGids: [UInt32] = [], umask: UInt32? = nil) {
        self.uid = uid
        self.gid = gid
        self.additionalGids = additionalGids
        self.umask = umask
    }
}

public enum NamespaceKind: String, Sendable, CaseIterable, Codable {
    case mount, pid, network, uts, ipc, user, cgroup, time
}

public struct NamespaceSpec: Sendable, Equatable {
    public var kind: NamespaceKind
    /// Join the namespace at this path (e.g. /proc/PID/ns/net) instead of creating one.
    public var path: String?
    public init(_ kind: NamespaceKind, path: String? = nil) {
        self.kind = kind
        self.path = path
    }
}

public struct IDMapping: Sendable, Equatable, Codable {
    public var containerID: UInt32
    public var hostID: UInt32
    public var size: UInt32
    public init(containerID: UInt32, hostID: UInt32, size: UInt32) {
        self.containerID = containerID
        self.hostID = hostID
        self.size = size
    }
}

public enum MountPropagation: String, Sendable, Equatable, Codable {
    case `private`, rprivate, slave, rslave, shared, rshared, unbindable, runbindable
}

public struct RootfsSpec: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A directory, bind-mounted onto itself so it can be pivoted to.
        case directory(String)
        /// overlayfs of `lower` (topmost first), with `upper` and `work` on the same file system.
        case overlay(lower: [String], upper: String, work: String)
    }
    public var source: Source
    public var readonly: Bool = false
    public var propagation: MountPropagation = .rprivate
    /// Where an overlay root is mounted before pivot_root; nil: the launcher makes a
    /// directory under /run/cbench/launcher/ and removes it after the launch.
    public var mountpoint: String?
    /// Overlay only: mount it `volatile` (Linux 5.10+), for a root thrown away when the
    /// container ends, as podman mounts the root of a `--rm` container. The kernel then skips
    /// every sync of the upper layer, above all the one when the overlay goes with the
    /// container's mount namespace: a sync of the upper layer's whole file system (every dirty
    /// file of the host on it) that the container's exit would wait for. After a crash the
    /// upper directory may be incomplete and the kernel refuses to mount it again; a thrown-away
    /// root is never mounted again. An older kernel gets the plain overlay (cshim_plan).
    public var volatile: Bool = false
    public init(_ source: Source, readonly: Bool = false, propagation: MountPropagation = .rprivate) {
        self.source = source
        self.readonly = readonly
        self.propagation = propagation
    }
}

public struct MountSpec: Sendable, Equatable {
    /// Absolute path inside the container.
    public var destination: String
    /// Filesystem type (`proc`, `tmpfs`, ...) or `bind` / `none` for bind mounts.
    public var type: String
    public var source: String
    /// fstab-style options: flags (`ro`, `nosuid`, `rbind`, `rprivate`...) and data (`mode=755`).
    public var options: [String]
    /// LXC's `optional`: when the mount fails (its target cannot be made, the kernel refuses
    /// it), the container starts without it instead of failing.
    public var optional: Bool
    public init(destination: String, type: String, source: String, options: [String] = [], optional: Bool = false) {
        self.destination = destination
        self.type = type
        self.source = source
        self.options = options
        self.optional = optional
    }
}

public struct DeviceNode: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable { case char = "c", block = "b", fifo = "p" }
    public var path: String
    public var kind: Kind
    public var major: Int64
    public var minor: Int64
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32
    public init(path: String, kind: Kind, major: Int64, minor: Int64, mode: UInt32 = 0o666, uid: UInt32 = 0, gid: UInt32 = 0) {
        self.path = path
        self.kind = kind
        self.major = major
        self.minor = minor
        self.mode = mode
        self.uid = uid
        self.gid = gid
    }
}

public struct RlimitSpec: Sendable, Equatable {
    /// `RLIMIT_NOFILE`, `RLIMIT_NPROC`, ... as the OCI spec names them.
    public var type: String
    public var soft: UInt64
    public var hard: UInt64
    public init(type: String, soft: UInt64, hard: UInt64) {
        self.type = type
        self.soft = soft
        self.hard = hard
    }
}

/// The five capability sets, as capability numbers (CAP_CHOWN = 0 ...).
public struct CapabilitySets: Sendable, Equatable {
    public var bounding: Set<UInt32> = []
    public var effective: Set<UInt32> = []
    public var inheritable: Set<UInt32> = []
    public var permitted: Set<UInt32> = []
    public var ambient: Set<UInt32> = []
    public init(bounding: Set<UInt32> = [], effective: Set<UInt32> = [], inheritable: Set<UInt32> = [],
                permitted: Set<UInt32> = [], ambient: Set<UInt32> = []) {
        self.bounding = bounding
        self.effective = effective
        self.inheritable = inheritable
        self.permitted = permitted
        self.ambient = ambient
    }
}

/// A compiled classic-BPF seccomp program: `sock_filter` entries, 8 bytes each.
public struct SeccompProgram: Sendable, Equatable {
    public var bytes: [UInt8]
    /// SECCOMP_FILTER_FLAG_* to pass to seccomp(2), e.g. TSYNC or LOG.
    public var flags: UInt32
    public init(bytes: [UInt8], flags: UInt32 = 0) {
        self.bytes = bytes
        self.flags = flags
    }
    public var instructionCount: Int { bytes.count / 8 }
}

public enum StdioSpec: Sendable, Equatable {
    /// The child gets the caller's 0, 1 and 2.
    case inherit
    /// The child gets these caller descriptors as 0, 1 and 2.
    case fds(stdin: Int32, stdout: Int32, stderr: Int32)
}

/// Where a container process goes in the cgroup trees before any set-up runs.
public struct CgroupPlacement: Sendable, Equatable {
    /// v1 `tasks` files the child writes "0" to itself (no global lock, see cshim.h).
    public var taskFiles: [String]
    /// A cgroup2 directory: entered with CLONE_INTO_CGROUP (or its cgroup.procs when the
    /// launch forks twice).
    public var unifiedDirectory: String?
    public init(taskFiles: [String], unifiedDirectory: String?) {
        self.taskFiles = taskFiles
        self.unifiedDirectory = unifiedDirectory
    }
}
