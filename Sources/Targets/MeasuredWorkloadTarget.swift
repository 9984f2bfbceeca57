/// A target that runs the workloads of the overhead scenarios: it honours a workload's
/// `mounts` (binds, a tmpfs, a named volume where it has them), `writableRoot` and `seccomp`,
/// and says what its containers are, so a report can tell what a ratio to the bare host
/// compares. The overhead kind needs it.
public protocol MeasuredWorkloadTarget: ContainerTarget {
    var workloadTraits: WorkloadTraits { get }
    /// Runs a measured workload to its end: as `run` for one-shot targets; a system-style
    /// target boots its init and attaches the workload, as a user logging in would.
    func runMeasured(_ container: PreparedContainer) throws -> ContainerRun
}

extension MeasuredWorkloadTarget {
    public func runMeasured(_ container: PreparedContainer) throws -> ContainerRun {
        try run(container)
    }
}

/// What a target's containers are for a measured workload, in words for the report.
public struct WorkloadTraits: Sendable, Equatable {
    /// The writable root: `overlay (podman's overlay driver)`, `directory (a copy of the root)`.
    public var root: String
    /// The seccomp filter it applies by default; nil when it applies none.
    public var defaultFilter: String?
    /// Whether it has named volumes (Docker, podman, cbench app); the others bind directories.
    public var namedVolumes: Bool

    public init(root: String, defaultFilter: String?, namedVolumes: Bool) {
        self.root = root
        self.defaultFilter = defaultFilter
        self.namedVolumes = namedVolumes
    }
}
