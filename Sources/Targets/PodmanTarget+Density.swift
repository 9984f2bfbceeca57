import NamespaceCore

/// podman keeps idle containers with `podman run --detach`, removed with `podman rm --force`.
/// Each keeps a `conmon` on the host (outside the container's cgroup: `--cgroups no-conmon`).
extension PodmanTarget: DensityTarget {
    public var idleKinds: Set<IdleContainer.Kind> { [.app] }
    public var densityHelpers: DensityHelpers { DensityHelpers(perContainer: PodmanTarget.monitorCommands) }
    static let monitorCommands: Set<String> = ["conmon"]

    /// The idle container's root is the shared image read-only, as the OCI targets' bundles
    /// have it (`--read-only`; podman still gives it an overlay of its own). Without
    /// `--read-only-tmpfs=false` podman would add tmpfs mounts on /run, /tmp and /var/tmp that
    /// no other target's idle container has.
    public func startIdle(_ container: PreparedContainer) throws {
        let arguments = runArguments(container, image: try image(for: container.workload.rootfs), detached: true)
        _ = try startDetached(container, arguments: DockerStyleArguments.readOnlyRoot(arguments, also: ["--read-only-tmpfs=false"]))
        IdleProcesses.recordMonitor(of: container, named: PodmanTarget.monitorCommands)
    }

    public func removeIdle(_ container: PreparedContainer) throws {
        _ = try stop(container)
        IdleProcesses.reapRecordedMonitor(of: container)
        Cgroup.removeAbandoned(path: container.cgroupPath)
    }

    public func idleCgroup(_ container: PreparedContainer) -> String? { container.cgroupPath }
}
