import NamespaceCore

/// What a step of a target observed: its phases, the exit, the container's output and the
/// peak memory of its cgroup where the hierarchy keeps one.
public struct ContainerRun: Sendable, Equatable {
    public var phases: [Phase]
    public var exit: ExitStatus?
    public var stdout: String
    public var stderr: String
    public var memoryPeakBytes: UInt64?

    public init(phases: [Phase] = [], exit: ExitStatus? = nil, stdout: String = "", stderr: String = "", memoryPeakBytes: UInt64? = nil) {
        self.phases = phases
        self.exit = exit
        self.stdout = stdout
        self.stderr = stderr
        self.memoryPeakBytes = memoryPeakBytes
    }

    /// An in-process run of `container`: create, exit and delete back to back on the monotonic
    /// clock, with the output the container left in its step's files.
    static func inProcess(_ container: PreparedContainer, createStart: UInt64, createEnd: UInt64, exitEnd: UInt64,
                          deleteEnd: UInt64, exit: ExitStatus, memoryPeakBytes: UInt64?) -> ContainerRun {
        ContainerRun(
            phases: [
                Phase(name: "create", start: createStart, end: createEnd),
                Phase(name: "exit", start: createEnd, end: exitEnd),
                Phase(name: "delete", start: exitEnd, end: deleteEnd),
            ],
            exit: exit, stdout: FileIO.contents(container.stdoutPath), stderr: FileIO.contents(container.stderrPath),
            memoryPeakBytes: memoryPeakBytes)
    }

    /// First phase start to last phase end, in milliseconds; nil without phases.
    public var totalMilliseconds: Double? {
        phases.spanMilliseconds
    }

    /// From the start of `from` to the end of `to`, in milliseconds, when both phases exist.
    public func milliseconds(from: String, to: String) -> Double? {
        guard let start = phases.first(where: { $0.name == from })?.start,
              let end = phases.last(where: { $0.name == to })?.end else { return nil }
        return Double(end &- start) / 1_000_000
    }

    public func phase(_ name: String) -> Phase? { phases.first { $0.name == name } }
}
