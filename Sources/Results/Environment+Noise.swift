/// How busy the host was: read before the first step and after the last, so a reader can
/// tell a quiet run from one that shared the machine.
public struct HostNoise: Codable, Sendable, Equatable {
    public var start: NoiseSample
    public var end: NoiseSample?
    /// The CPUs the run was pinned to (`cbench run --cpus`); nil when not pinned.
    public var pinnedCPUs: [Int]?
    /// One line per reason to distrust the numbers (load, busy processes, CPU frequency).
    public var warnings: [String]

    public init(start: NoiseSample, end: NoiseSample? = nil, pinnedCPUs: [Int]? = nil, warnings: [String] = []) {
        self.start = start
        self.end = end
        self.pinnedCPUs = pinnedCPUs
        self.warnings = warnings
    }
}

/// One look at the host's load.
public struct NoiseSample: Codable, Sendable, Equatable {
    /// 1, 5 and 15 minute load averages.
    public var loadAverage: [Double]
    /// Current frequency of each CPU in MHz, where the kernel shows it.
    public var cpuMHz: [Double]
    /// Other processes that used a noticeable share of a CPU while the sample was taken.
    public var busyProcesses: [BusyProcess]

    public init(loadAverage: [Double], cpuMHz: [Double] = [], busyProcesses: [BusyProcess] = []) {
        self.loadAverage = loadAverage
        self.cpuMHz = cpuMHz
        self.busyProcesses = busyProcesses
    }
}

public struct BusyProcess: Codable, Sendable, Equatable {
    public var pid: Int32
    public var command: String
    /// Share of one CPU over the sampling window, 0...100 per CPU.
    public var cpuPercent: Double

    public init(pid: Int32, command: String, cpuPercent: Double) {
        self.pid = pid
        self.command = command
        self.cpuPercent = cpuPercent
    }
}
