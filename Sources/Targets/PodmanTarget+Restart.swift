import NamespaceCore

/// `podman run` without `--rm` keeps the exited container; `podman start --attach` runs it again.
extension PodmanTarget: RestartingTarget {
    public var restartMeans: String { "podman run without --rm, then podman start --attach of the exited container" }

    public func runKeeping(_ container: PreparedContainer) throws -> ContainerRun {
        let image = try image(for: container.workload.rootfs)
        return try RealTargetSupport.runWhole(Spawn(DockerStyleArguments.keeping(runArguments(container, image: image, detached: false))),
                                              container, stage: "\(name) run \(container.id)")
    }

    public func runAgain(_ container: PreparedContainer) throws -> ContainerRun {
        try RealTargetSupport.runWhole(Spawn(podman(["start", "--attach", container.id])), container, stage: "\(name) start \(container.id)")
    }
}
