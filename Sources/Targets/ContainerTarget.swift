/// "A thing that runs containers": one of cbench's own modes or an external runtime.
/// The runner calls `prepare` outside the timed part, then `run` (or `startUntilRunning` and
/// `stop`), and always `cleanup`, also after a failure or a timeout (from another thread,
/// to unblock a hung step).
public protocol ContainerTarget: Sendable {
    var name: String { get }
    var operations: Set<TargetOperation> { get }
    /// The version when the target works here; the reason it is skipped when not. May run a
    /// smoke container.
    func availability() -> TargetAvailability
    func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer
    /// Create, start, wait for exit and delete, with a phase per step the target exposes.
    func run(_ container: PreparedContainer) throws -> ContainerRun
    /// Create and start a long-lived workload; returns once it runs.
    func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun
    /// Stop and delete a container `startUntilRunning` started.
    func stop(_ container: PreparedContainer) throws -> ContainerRun
    /// Removes everything of the container, whatever state it is in. Never throws.
    func cleanup(_ container: PreparedContainer)
}
