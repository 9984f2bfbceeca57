import Foundation
import NamespaceCore

/// Runs nothing: its "container" is a pair of clock readings. A step on it costs only what
/// the harness adds (the step's thread, the timeout watch, prepare, cleanup, recording), so
/// it measures the harness itself; the report sets it beside the fastest target.
public struct NoopTarget: ReferenceTarget {
    public static let targetName = "noop"
    public let context: TargetContext

    public init(context: TargetContext) {
        self.context = context
    }

    public var name: String { NoopTarget.targetName }
    public var operations: Set<TargetOperation> { [.run] }
    public func availability() -> TargetAvailability { .available(version: "no container") }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        PreparedContainer(id: id, bundle: "\(context.workDirectory)/noop-\(id)", cgroupPath: "", workload: workload)
    }

    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        let start = MonotonicClock.now()
        return ContainerRun(phases: [Phase(name: "run", start: start, end: MonotonicClock.now())], exit: .exited(0))
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { try run(container) }
    public func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
    public func cleanup(_ container: PreparedContainer) {}
}
