/// The machine a run happened on, recorded so that results from different
/// hosts are never compared blindly.
public struct Environment: Codable, Sendable, Equatable {
    public var kernel: String
    public var distribution: String
    public var cpuModel: String
    public var cores: Int
    public var memoryBytes: UInt64
    /// `v1`, `v2` or `hybrid`.
    public var cgroupMode: String
    /// Kernel and process limits that bound density: `kernel.pid_max`,
    /// `kernel.keys.maxkeys`, `fs.inotify.max_user_instances`, `nofile`...
    public var limits: [String: String]
    /// Version of every runtime and tool involved (runc, crun, criu, gnuplot, libpfm4...).
    public var versions: [String: String]
    public var cbenchCommit: String?
    /// Load, CPU frequency and busy processes at the start and end of the run.
    public var noise: HostNoise?

    public init(
        kernel: String,
        distribution: String,
        cpuModel: String,
        cores: Int,
        memoryBytes: UInt64,
        cgroupMode: String,
        limits: [String: String] = [:],
        versions: [String: String] = [:],
        cbenchCommit: String? = nil,
        noise: HostNoise? = nil
    ) {
        self.kernel = kernel
        self.distribution = distribution
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.cgroupMode = cgroupMode
        self.limits = limits
        self.versions = versions
        self.cbenchCommit = cbenchCommit
        self.noise = noise
    }
}
