import NamespaceCore

extension DockerTarget {
    /// `docker run` of a workload: no network, the probe read-only and the workload's mounts
    /// and filter choice, a cgroup below `cbench/`
    /// when the daemon drives cgroupfs, on `runtime` when one is named. Docker maps user ids
    /// only daemon-wide (userns-remap), so a workload's user namespace is not expressible
    /// per container: the isolation judge then sees the host's user namespace, as it is.
    public static func runArguments(_ container: PreparedContainer, image: String, detached: Bool,
                                    cgroupParent: Bool, runtime: String?) -> [String] {
        var arguments = ["run", "--rm", "--name", container.id, "--network", "none"]
        if detached { arguments.append("--detach") }
        if let runtime { arguments += ["--runtime", runtime] }
        if cgroupParent { arguments += ["--cgroup-parent", "/" + container.cgroupPath] }
        arguments += DockerStyleArguments.extra(for: container.workload)
        return arguments + [image] + container.workload.args
    }
}
