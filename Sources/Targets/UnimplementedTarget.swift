import NamespaceCore

/// A target the project declares but cannot drive yet: always skipped with its reason.
public struct UnimplementedTarget: ContainerTarget {
    public let name: String
    public let reason: String

    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }

    public var operations: Set<TargetOperation> { [] }
    public func availability() -> TargetAvailability { .unavailable(reason: reason) }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        throw unavailable()
    }
    public func run(_ container: PreparedContainer) throws -> ContainerRun { throw unavailable() }
    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { throw unavailable() }
    public func stop(_ container: PreparedContainer) throws -> ContainerRun { throw unavailable() }
    public func cleanup(_ container: PreparedContainer) {}

    private func unavailable() -> CoreError {
        CoreError(stage: "target \(name)", detail: reason)
    }
}
