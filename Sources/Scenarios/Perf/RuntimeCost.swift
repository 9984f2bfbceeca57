import Targets

/// The whole cost of a start-up step, as perf counts it: the runner thread and every process
/// it starts (a runtime's CLI, the helpers it forks, such as conmon, the LXC monitor and
/// cbench's supervisor, and the container they start), plus, for a daemon-backed target,
/// the cgroups of its daemons and shims and of the container they start. Nothing is counted
/// twice: the daemons are not descendants of the runner, and the runner is in none of
/// their cgroups.
enum RuntimeCost {
    static func scopes(_ target: any ContainerTarget, _ container: PreparedContainer) -> [PerfScope] {
        let helpers = (target as? any DaemonBackedTarget)?.helperCgroups(for: container).directories ?? []
        return [.callingThreadAndDescendants] + helpers.map { .cgroup($0) }
    }

    static let processTree = "the runner thread and every process it started during the step (the runtime's command line, "
        + "the helpers it forks such as conmon, the LXC monitor and cbench's supervisor, and the container)"

    /// What the counters of a step of `container` on `target` cover, in words.
    static func coverage(_ target: any ContainerTarget, _ container: PreparedContainer) -> String {
        guard let daemonBacked = target as? any DaemonBackedTarget else { return processTree }
        return processTree + "; " + daemonBacked.helperCgroups(for: container).coverage
    }
}
