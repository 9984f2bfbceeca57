import NamespaceCore

/// What `cbench-probe` saw from inside a container: one JSON object, decoded.
///
/// Every member is optional because `--only` leaves sections out and the probe
/// writes `null` for whatever it could not read (no /proc, say); absent and null
/// both decode as nil. Keys are the probe's snake_case names.
public struct ProbeReport: Codable, Sendable, Equatable {
    public var probeVersion: Int?

    // namespaces
    public var namespaces: Namespaces?

    // processes
    public var pid: Int32?
    public var ppid: Int32?
    /// argv of pid 1 as this process sees it; `[]` for a kernel thread.
    public var pid1Cmdline: [String]?
    public var pid1Comm: String?
    /// Numeric entries of /proc, sorted.
    public var visiblePids: [Int32]?
    public var processCount: Int?

    // identity
    public var hostname: String?
    public var domainname: String?
    public var uid: UInt32?
    public var gid: UInt32?
    public var euid: UInt32?
    public var egid: UInt32?
    public var groups: [UInt32]?
    /// Lines of /proc/self/uid_map as `[inside, outside, count]`.
    public var uidMap: [[UInt32]]?
    public var gidMap: [[UInt32]]?

    // capabilities and confinement
    /// Capability sets as the 16-digit hex of /proc/self/status.
    public var capEff: String?
    public var capPrm: String?
    public var capBnd: String?
    public var capInh: String?
    public var capAmb: String?
    /// 0 none, 1 strict, 2 filter.
    public var seccomp: Int?
    public var seccompFilters: Int?
    public var noNewPrivs: Bool?
    /// `status` (read from /proc/self/status) or `syscalls` (capget/prctl, no /proc).
    public var capsSource: String?

    public var mounts: [Mount]?
    public var interfaces: [Interface]?
    public var osRelease: OSRelease?
    public var fds: [FileDescriptor]?
    public var cwd: String?
    public var cgroup: [CgroupMembership]?
    public var limits: Limits?
    /// Forbidden operations by name (see `ProbeAttemptKind`).
    public var attempts: [String: Attempt]?

    // checks asked for with flags
    public var markers: [Marker]?
    public var writes: [WriteCheck]?
    public var connects: [ConnectCheck]?
    public var execPe: [ExecCheck]?
    /// Programs of the container's root run to their end (`--run`).
    public var runs: [RunCheck]?
    /// The security-defaults attempts by name (`--escape`).
    public var escapes: [String: Escape]?
    /// Pushes against a resource limit (`--stress`), in the order asked.
    public var stress: [Stress]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case probeVersion = "probe_version"
        case namespaces
        case pid, ppid
        case pid1Cmdline = "pid1_cmdline"
        case pid1Comm = "pid1_comm"
        case visiblePids = "visible_pids"
        case processCount = "process_count"
        case hostname, domainname, uid, gid, euid, egid, groups
        case uidMap = "uid_map"
        case gidMap = "gid_map"
        case capEff = "cap_eff"
        case capPrm = "cap_prm"
        case capBnd = "cap_bnd"
        case capInh = "cap_inh"
        case capAmb = "cap_amb"
        case seccomp
        case seccompFilters = "seccomp_filters"
        case noNewPrivs = "no_new_privs"
        case capsSource = "caps_source"
        case mounts, interfaces
        case osRelease = "os_release"
        case fds, cwd, cgroup, limits, attempts, markers, writes, connects
        case execPe = "exec_pe"
        case runs
        case escapes
        case stress
    }
}
