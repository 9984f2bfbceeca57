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
