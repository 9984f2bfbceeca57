import NamespaceCore

/// `docker run` without `--rm` keeps the exited container; `docker start --attach` runs it again.
extension DockerTarget: RestartingTarget {
    public var restartMeans: String { "docker run without --rm, then docker start --attach of the exited container" }

    public func runKeeping(_ container: PreparedContainer) throws -> ContainerRun {
        let host = try daemon.ensureRunning()
        let image = try image(for: container.workload.rootfs, scratch: container.bundle)
        let arguments = DockerTarget.runArguments(container, image: image, detached: false, cgroupParent: daemon.usesCgroupfs, runtime: nil)
        return try RealTargetSupport.runWhole(Spawn(daemon.command(host: host, DockerStyleArguments.keeping(arguments))),
                                              container, stage: "docker run \(container.id)")
    }

    public func runAgain(_ container: PreparedContainer) throws -> ContainerRun {
        let host = try daemon.ensureRunning()
        return try RealTargetSupport.runWhole(Spawn(daemon.command(host: host, ["start", "--attach", container.id])),
                                              container, stage: "docker start \(container.id)")
    }
}

/// `docker commit` of the stopped container, then `docker create` of a new one from that image.
extension DockerTarget: CloningTarget {
    public var cloneMeans: String { "docker commit of the stopped container, then docker create of a new container from that image" }

    public func clone(_ container: PreparedContainer, id: String) throws -> PreparedContainer {
        let host = try daemon.ensureRunning()
        let clone = DockerStyleArguments.clone(of: container, id: id)
        let image = DockerStyleArguments.cloneImage(of: clone)
        try RealTargetSupport.checked(daemon.command(host: host, ["commit", container.id, image]), stage: "docker commit \(container.id)")
        let arguments = DockerTarget.runArguments(clone, image: image, detached: false, cgroupParent: daemon.usesCgroupfs, runtime: nil)
        try RealTargetSupport.checked(daemon.command(host: host, DockerStyleArguments.creating(arguments)), stage: "docker create \(id)")
        return clone
    }

    public func removeClone(_ clone: PreparedContainer) {
        if let host = daemon.host {
            _ = try? Spawn(daemon.command(host: host, ["rm", "--force", clone.id])).run()
            _ = try? Spawn(daemon.command(host: host, ["rmi", "--force", DockerStyleArguments.cloneImage(of: clone)])).run()
        }
        cleanup(clone)
    }
}
