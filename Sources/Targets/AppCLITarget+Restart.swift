import NamespaceCore

/// `cbench app run` without `--rm` keeps the exited container; `cbench app start --attach`
/// runs it again.
extension AppCLITarget: RestartingTarget {
    public var restartMeans: String { "\(name) run without --rm, then start --attach of the exited container" }

    public func runKeeping(_ container: PreparedContainer) throws -> ContainerRun {
        try RealTargetSupport.runWhole(try command(DockerStyleArguments.keeping(runArguments(container, detached: false))), container,
                                       stage: "\(name) run \(container.id)")
    }

    public func runAgain(_ container: PreparedContainer) throws -> ContainerRun {
        try RealTargetSupport.runWhole(try command(["start", "--attach", container.id]), container, stage: "\(name) start \(container.id)")
    }
}

/// `cbench app commit` of the stopped container (its upper directory becomes a layer), then
/// `cbench app create` of a new one from that image.
extension AppCLITarget: CloningTarget {
    public var cloneMeans: String { "\(name) commit of the stopped container, then create of a new container from that image" }

    public func clone(_ container: PreparedContainer, id: String) throws -> PreparedContainer {
        let clone = DockerStyleArguments.clone(of: container, id: id)
        let image = DockerStyleArguments.cloneImage(of: clone)
        for (arguments, stage) in [(["commit", container.id, image], "commit \(container.id)"),
                                   (["create", "--name", id] + DockerStyleArguments.extra(for: container.workload) + [image] + container.workload.args,
                                    "create \(id)")] {
            let outcome = try command(arguments).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) \(stage)", detail: "exit \(outcome.status): \((outcome.stderr + outcome.stdout).firstLine())")
            }
        }
        return clone
    }

    public func removeClone(_ clone: PreparedContainer) {
        _ = try? command(["rm", "-f", clone.id]).run()
        _ = try? command(["rmi", DockerStyleArguments.cloneImage(of: clone)]).run()
        cleanup(clone)
    }
}
