/// A container made ready for one step, outside the timed part: its bundle is written,
/// nothing runs yet. `cleanup` removes everything it names.
public struct PreparedContainer: Sendable, Equatable {
    /// Unique per step (`cbench-<target>-<run>-<n>`), so a crashed run never collides.
    public var id: String
    /// Directory of the OCI bundle (config.json), owned by the step.
    public var bundle: String
    /// Relative cgroup path below each hierarchy root, e.g. `cbench/engine-<id>`.
    public var cgroupPath: String
    public var workload: ContainerWorkload

    public init(id: String, bundle: String, cgroupPath: String, workload: ContainerWorkload) {
        self.id = id
        self.bundle = bundle
        self.cgroupPath = cgroupPath
        self.workload = workload
    }

    /// Files of the step, next to the bundle.
    public var stdoutPath: String { bundle + "/stdout" }
    public var stderrPath: String { bundle + "/stderr" }
    public var pidFilePath: String { bundle + "/pid" }
}
