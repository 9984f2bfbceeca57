/// What a benchmark result must record about the machine it ran on, and what `cbench doctor` checks.
public struct HostFacts: Sendable, Equatable, Codable {
    /// `uname -r`, from /proc/sys/kernel/osrelease.
    public var kernelRelease: String?
    /// PRETTY_NAME from /etc/os-release.
    public var distribution: String?
    public var cgroups: HostCgroupLayout
    public var limits: HostLimits
    /// Names in /proc/self/ns (`mnt`, `pid`, `net`, ... and the `*_for_children` links).
    public var namespaces: [String]
    /// File system types the kernel knows (/proc/filesystems).
    public var filesystems: [String]
    /// The `Seccomp:` field exists in /proc/self/status (kernel built with seccomp).
    public var seccompAvailable: Bool
    /// Effective capability mask of this process (CapEff).
    public var effectiveCapabilities: UInt64?

    public init(kernelRelease: String?, distribution: String?, cgroups: HostCgroupLayout, limits: HostLimits,
                namespaces: [String], filesystems: [String], seccompAvailable: Bool,
                effectiveCapabilities: UInt64?) {
        self.kernelRelease = kernelRelease
        self.distribution = distribution
        self.cgroups = cgroups
        self.limits = limits
        self.namespaces = namespaces
        self.filesystems = filesystems
        self.seccompAvailable = seccompAvailable
        self.effectiveCapabilities = effectiveCapabilities
    }

    static let capSysResource: UInt64 = 24

    public var hasCapSysResource: Bool? {
        effectiveCapabilities.map { $0 & (1 << Self.capSysResource) != 0 }
    }
}

/// Kernel and process limits that density runs meet.
public struct HostLimits: Sendable, Equatable, Codable {
    /// kernel.pid_max
    public var pidMax: Int?
    /// kernel.keys.maxkeys
    public var keysMaxKeys: Int?
    /// fs.inotify.max_user_instances
    public var inotifyMaxUserInstances: Int?
    /// RLIMIT_NOFILE and RLIMIT_NPROC of this process; nil fields are `unlimited`.
    public var openFiles: HostRlimit?
    public var processes: HostRlimit?
    /// Every sysctl of `densitySysctls` this host has, by name, as /proc/sys shows it.
    public var sysctls: [String: String]

    public init(pidMax: Int? = nil, keysMaxKeys: Int? = nil, inotifyMaxUserInstances: Int? = nil,
                openFiles: HostRlimit? = nil, processes: HostRlimit? = nil, sysctls: [String: String] = [:]) {
        self.pidMax = pidMax
        self.keysMaxKeys = keysMaxKeys
        self.inotifyMaxUserInstances = inotifyMaxUserInstances
        self.openFiles = openFiles
        self.processes = processes
        self.sysctls = sysctls
    }

    /// Sysctls that bound how many containers fit: tasks, keys (a session keyring per
    /// container meets them), inotify (a watcher per container), files, mounts, maps and
    /// every namespace kind.
    public static let densitySysctls = [
        "kernel.pid_max", "kernel.threads-max", "kernel.keys.maxkeys", "kernel.keys.maxbytes", "kernel.keys.root_maxkeys",
        "kernel.keys.root_maxbytes", "fs.inotify.max_user_instances", "fs.inotify.max_user_watches", "fs.file-max", "fs.nr_open",
        "fs.mount-max", "vm.max_map_count", "user.max_user_namespaces", "user.max_mnt_namespaces", "user.max_pid_namespaces",
        "user.max_net_namespaces", "user.max_ipc_namespaces", "user.max_uts_namespaces", "user.max_cgroup_namespaces",
        "user.max_time_namespaces",
    ]
}

public struct HostRlimit: Sendable, Equatable, Codable {
    /// nil means unlimited.
    public var soft: UInt64?
    public var hard: UInt64?
    public init(soft: UInt64?, hard: UInt64?) {
        self.soft = soft
        self.hard = hard
    }
}
