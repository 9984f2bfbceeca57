/// A target that keeps a container after its workload ends and can start that same
/// container again, its root as the first run left it: what "persistent root" measures.
/// `cleanup` removes the container whatever state it is in.
public protocol RestartingTarget: ContainerTarget {
    /// How it keeps and restarts one container (the commands), for the evidence.
    var restartMeans: String { get }
    /// Runs the workload to its end and keeps the stopped container.
    func runKeeping(_ container: PreparedContainer) throws -> ContainerRun
    /// Starts the kept container again and runs it to its end. A target whose containers
    /// cannot be started again throws `RestartRefusal` with its own words.
    func runAgain(_ container: PreparedContainer) throws -> ContainerRun
}

/// The target's refusal to start a stopped container again, in its own words.
public struct RestartRefusal: Error, CustomStringConvertible, Sendable {
    public var command: String
    public var output: String

    public init(command: String, output: String) {
        self.command = command
        self.output = output
    }

    public var description: String { "$ \(command)\n\(output)" }
}

extension RestartingTarget {
    /// Both runs are the target's ordinary `run`: it keeps its containers (system containers
    /// halt and stay in their store; `lxc-execute` keeps its config and root).
    public func runKeeping(_ container: PreparedContainer) throws -> ContainerRun { try run(container) }
    public func runAgain(_ container: PreparedContainer) throws -> ContainerRun { try run(container) }
}
