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
