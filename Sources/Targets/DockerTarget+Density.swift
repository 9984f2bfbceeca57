import NamespaceCore

/// Docker keeps idle containers with `docker run --detach`, removed with `docker rm --force`.
/// Each keeps a `containerd-shim-runc-v2` (named `containerd-shim` in /proc, which keeps 15
/// bytes); dockerd and containerd serve them all.
extension DockerTarget: DensityTarget {
    public var idleKinds: Set<IdleContainer.Kind> { [.app] }
    public var densityHelpers: DensityHelpers {
        DensityHelpers(perContainer: ["containerd-shim"], shared: ["dockerd", "containerd"])
    }

    /// The idle container's root is the shared image read-only, as the OCI targets' bundles
    /// have it (`--read-only`; Docker still gives it an overlay of its own).
    public func startIdle(_ container: PreparedContainer) throws {
        _ = try startDetached(container, arguments: DockerStyleArguments.readOnlyRoot(try runCommand(container, detached: true)))
    }

    public func removeIdle(_ container: PreparedContainer) throws {
        _ = try stop(container)
        Cgroup.removeAbandoned(path: container.cgroupPath)
    }

    /// With the systemd cgroup driver Docker places containers in its own slice.
    public func idleCgroup(_ container: PreparedContainer) -> String? {
        daemon.usesCgroupfs ? container.cgroupPath : nil
    }
}
