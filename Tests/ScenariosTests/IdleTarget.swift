import Targets

/// A target that only has to exist: it runs containers that do nothing and leave nothing.
/// A test's target conforms with a name and whatever capability it is about.
protocol IdleTarget: ContainerTarget {}

extension IdleTarget {
    var operations: Set<TargetOperation> { [.run] }
    func availability() -> TargetAvailability { .available(version: "1") }
    func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        PreparedContainer(id: id, bundle: "/nonexistent/\(id)", cgroupPath: "", workload: workload)
    }
    func run(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
    func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
    func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
    func cleanup(_ container: PreparedContainer) {}
}
