/// How a host mounts its cgroups.
public enum CgroupMode: String, Sendable, Equatable, Codable, CaseIterable {
    /// Only cgroup v1 hierarchies (one per controller or per joined set, e.g. `cpu,cpuacct`).
    case v1
    /// One cgroup2 hierarchy mounted at the cgroup root; controllers are enabled per subtree.
    case v2
    /// v1 controller hierarchies plus a cgroup2 mount (usually /sys/fs/cgroup/unified) used for
    /// process tracking only, as systemd's "hybrid" setup does.
    case hybrid
}
