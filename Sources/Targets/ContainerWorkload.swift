/// What to run in a container: the process, the root file system (read-only unless the
/// workload asks for a writable one), whether the static probe is bind-mounted read-only at
/// /cbench-probe, the mounts and seccomp choice of a measured workload (honoured by the
/// targets that are `MeasuredWorkloadTarget`s), and its cgroup limits.
public struct ContainerWorkload: Sendable, Equatable {
    public var args: [String]
    public var rootfs: String
    /// Host path of the static probe; nil when the workload does not need it.
    public var probe: String?
    /// Maps container root to an unprivileged host range (root:100000:65536).
    public var userNamespace: Bool
    /// Mounts beyond the root: bind mounts, a named volume, a tmpfs.
    public var mounts: [WorkloadMount]
    /// The target's own default seccomp filter, or none at all.
    public var seccomp: WorkloadSeccomp
    /// A root the workload may write to: the target's own kind of root (an overlay for
    /// app-style targets, a directory for system-style ones), made from `rootfs`.
    public var writableRoot: Bool
    /// The cgroup limits it runs under, set with each target's own means (none by default).
    public var limits: WorkloadLimits
    /// Ports of the container published on the host's 127.0.0.1, where the target publishes
    /// with its own option (`--publish`); honoured by the `PortPublishingTarget`s.
    public var ports: [WorkloadPort] = []

    public init(args: [String], rootfs: String, probe: String? = nil, userNamespace: Bool = false,
                mounts: [WorkloadMount] = [], seccomp: WorkloadSeccomp = .targetDefault, writableRoot: Bool = false,
                limits: WorkloadLimits = WorkloadLimits()) {
        self.args = args
        self.rootfs = rootfs
        self.probe = probe
        self.userNamespace = userNamespace
        self.mounts = mounts
        self.seccomp = seccomp
        self.writableRoot = writableRoot
        self.limits = limits
    }

    /// Where the probe appears inside the container.
    public static let probeMountPoint = "/cbench-probe"
    /// The first host id of the subordinate range `Scripts/setup` grants root.
    public static let userNamespaceHostID: UInt32 = 100_000
    public static let userNamespaceSize: UInt32 = 65_536

    /// Every bind mount, the probe's first.
    public var binds: [(source: String, destination: String, readOnly: Bool)] {
        var binds: [(source: String, destination: String, readOnly: Bool)] = probe.map { [($0, Self.probeMountPoint, true)] } ?? []
        for mount in mounts {
            if case .bind(let source, let destination, let readOnly) = mount { binds.append((source, destination, readOnly)) }
        }
        return binds
    }

    /// The named volumes, as (name, destination).
    public var volumes: [(name: String, destination: String)] {
        mounts.compactMap { mount in
            if case .volume(let name, let destination) = mount { return (name, destination) }
            return nil
        }
    }

    /// The tmpfs mounts, as (destination, size in MiB).
    public var tmpfsMounts: [(destination: String, megabytes: Int)] {
        mounts.compactMap { mount in
            if case .tmpfs(let destination, let megabytes) = mount { return (destination, megabytes) }
            return nil
        }
    }
}

/// A container port published on the host's loopback: 127.0.0.1:`host` reaches `container`.
public struct WorkloadPort: Sendable, Equatable {
    public var host: UInt16
    public var container: UInt16

    public init(host: UInt16, container: UInt16) {
        self.host = host
        self.container = container
    }

    /// `127.0.0.1:HOST:CONTAINER`, as `--publish` takes it.
    public var publishText: String { "127.0.0.1:\(host):\(container)" }
}

/// A mount a workload asks for beyond its root file system.
public enum WorkloadMount: Sendable, Equatable {
    /// A host directory or file at `destination`.
    case bind(source: String, destination: String, readOnly: Bool)
    /// The target's named volume `name` (made on first use, removed with the container's
    /// cleanup), where the target has named volumes.
    case volume(name: String, destination: String)
    /// A fresh tmpfs of at most `megabytes`.
    case tmpfs(destination: String, megabytes: Int)
}

/// Which seccomp filter a workload runs under.
public enum WorkloadSeccomp: String, Sendable, Equatable, CaseIterable {
    /// Whatever the target applies when asked for nothing (Docker's allowlist, LXC's denylist,
    /// none for an OCI runtime on `runc spec`'s config).
    case targetDefault = "default"
    /// No filter at all (`--security-opt seccomp=unconfined`, an empty `lxc.seccomp.profile`).
    case disabled = "none"
}
