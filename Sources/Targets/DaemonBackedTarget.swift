/// A target whose containers are served by processes the caller does not start: daemons
/// (dockerd, containerd) and the shims they fork, which then start the container itself.
/// Counting the caller's own process tree misses all of them, so the target names their
/// cgroups, and start-up and density count those too (its whole cost).
public protocol DaemonBackedTarget: ContainerTarget {
    /// What to count beyond the caller's process tree during a step of `container`.
    func helperCgroups(for container: PreparedContainer) -> HelperCgroups
}

/// cgroup2 directories (absolute) to count, and what they hold or leave out, in words.
public struct HelperCgroups: Sendable, Equatable {
    public var directories: [String]
    public var coverage: String

    public init(directories: [String], coverage: String) {
        self.directories = directories
        self.coverage = coverage
    }
}
