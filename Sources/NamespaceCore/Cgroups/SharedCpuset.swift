/// The one v1 cpuset cgroup that the containers of one store share when they ask for no
/// cpuset (`cbench-cpus-HASH` at the cpuset hierarchy's root). Each container's own cpuset
/// cgroup cost three writes at start that the kernel checks against every sibling
/// (validate_change over all the other containers' cpusets), and an rmdir that does it again:
/// a start at N = 2,000 spent about 1 ms there (perf, 2026-12-03). A shared one is set up once.
///
/// Its users hold a shared flock on it from joining until their process is in it; whoever
/// removes a container removes the shared group when no one holds it and the kernel finds it
/// empty (`Cgroup.removeUnusedSharedCpusets`).
public struct SharedCpuset: Sendable, Equatable {
    /// How every shared cpuset cgroup's name begins.
    public static let namePrefix = CgroupPaths.topLevelPrefix + "cpus-"

    /// Relative to the hierarchy root, e.g. `cbench-cpus-0123456789abcdef`.
    public let path: String

    /// The shared group of `scope` (a store's root): stores never share one, so a test's
    /// store leaves nothing in another's.
    public init(scope: String) {
        path = Self.namePrefix + scope.nameHash
    }

    /// Whether `name` (a directory at a hierarchy's root) is a shared cpuset group.
    public static func isShared(_ name: String) -> Bool {
        name.hasPrefix(namePrefix) && name.count > namePrefix.count && !name.contains("/")
    }
}
