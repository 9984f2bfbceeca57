import Testing
@testable import Scenarios
import Targets

/// The start-up counters of a daemon-backed target take in its daemons' and the container's
/// cgroups beside the runner's process tree, and say so; any other target counts only the tree.
@Suite struct RuntimeCostTests {
    struct Runner: IdleTarget {
        var name: String { "runner" }
    }

    /// Served by a daemon: names the daemon's cgroup and the container's own.
    struct Served: IdleTarget, DaemonBackedTarget {
        var name: String { "served" }
        func helperCgroups(for container: PreparedContainer) -> HelperCgroups {
            HelperCgroups(directories: ["/sys/fs/cgroup/daemon", "/sys/fs/cgroup\(container.cgroupPath)"],
                          coverage: "the daemon (its cgroup) and the container's cgroup")
        }
    }

    static let container = PreparedContainer(id: "c1", bundle: "/nonexistent/c1", cgroupPath: "/cbench/c1",
                                             workload: ContainerWorkload(args: ["true"], rootfs: "/nonexistent"))

    @Test func aDaemonBackedTargetCountsItsDaemonsAndContainerBesideTheRunner() {
        #expect(RuntimeCost.scopes(Served(), Self.container)
                == [.callingThreadAndDescendants, .cgroup("/sys/fs/cgroup/daemon"), .cgroup("/sys/fs/cgroup/cbench/c1")])
        #expect(RuntimeCost.coverage(Served(), Self.container)
                == RuntimeCost.processTree + "; the daemon (its cgroup) and the container's cgroup")
    }

    @Test func anyOtherTargetCountsOnlyTheRunnersProcessTree() {
        #expect(RuntimeCost.scopes(Runner(), Self.container) == [.callingThreadAndDescendants])
        #expect(RuntimeCost.coverage(Runner(), Self.container) == RuntimeCost.processTree)
    }
}
