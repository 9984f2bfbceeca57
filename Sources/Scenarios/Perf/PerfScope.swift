/// What a set of counters counts.
public enum PerfScope: Sendable, Equatable, CustomStringConvertible {
    /// The calling thread and every task it starts from now on (`inherit`): a runtime's CLI,
    /// the helpers it forks (conmon, the LXC monitor, cbench's supervisor) and the containers
    /// they start, however they re-parent, counted as they run.
    case callingThreadAndDescendants
    /// One waiting task (its thread) and every task it starts from now on: a workload held at
    /// its gate, counted per process tree.
    case processTree(Int32)
    /// Every task in a cgroup2 directory (absolute path) and below it, on every CPU (perf's
    /// cgroup mode, `PERF_FLAG_PID_CGROUP`): a container or a daemon with its shims. On a
    /// hybrid host this works on the cgroup2 tree (/sys/fs/cgroup/unified) because no v1
    /// hierarchy has the perf_event controller: the kernel then binds it to cgroup2.
    case cgroup(String)

    public var description: String {
        switch self {
        case .callingThreadAndDescendants: return "the runner thread and its descendants"
        case .processTree(let pid): return "process tree of \(pid)"
        case .cgroup(let path): return "cgroup \(path)"
        }
    }
}
