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

/// `podman commit` of the stopped container, then `podman create` of a new one from that image.
extension PodmanTarget: CloningTarget {
    public var cloneMeans: String { "podman commit of the stopped container, then podman create of a new container from that image" }

    public func clone(_ container: PreparedContainer, id: String) throws -> PreparedContainer {
        let clone = DockerStyleArguments.clone(of: container, id: id)
        let image = DockerStyleArguments.cloneImage(of: clone)
        try RealTargetSupport.checked(podman(["commit", "--quiet", container.id, image]), stage: "\(name) commit \(container.id)")
        try RealTargetSupport.checked(DockerStyleArguments.creating(runArguments(clone, image: image, detached: false)), stage: "\(name) create \(id)")
        return clone
    }

    public func removeClone(_ clone: PreparedContainer) {
        _ = try? Spawn(podman(["rm", "--force", "--ignore", "--time", "0", clone.id])).run()
        _ = try? Spawn(podman(["rmi", "--force", DockerStyleArguments.cloneImage(of: clone)])).run()
        cleanup(clone)
    }
}
