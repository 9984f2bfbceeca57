extension ProbeReport {
    /// One push against a resource limit (`--stress KIND:AMOUNT`, the probe's stress.c):
    /// how far it got and how it ended.
    public struct Stress: Codable, Sendable, Equatable {
        /// As asked, e.g. `memory:256`.
        public var request: String
        /// `memory`, `pids` or `cpu`; nil for a request the probe did not understand.
        public var kind: String?
        /// Megabytes to touch, children to fork, or milliseconds to spin.
        public var asked: Int?
        /// Megabytes touched, children forked, or spinning workers started.
        public var reached: Int?
        /// What stopped it early (fork's `EAGAIN`), or why it could not start.
        public var errno: String?
        /// memory: how the touching child ended.
        public var exitStatus: Int?
        public var signal: String?
        /// cpu: wall and CPU time of the spinning workers.
        public var workers: Int?
        public var wallMs: Int?
        public var cpuMs: Int?
        /// cpu: the CFS bandwidth counters of the probe's cgroup over the spin; nil when the
        /// container shows no cpu.stat.
        public var cpuStat: CPUStat?
        /// cpu: the host's /proc/loadavg at the end.
        public var loadavg: String?

        public init(request: String, kind: String?, asked: Int? = nil, reached: Int? = nil, errno: String? = nil, exitStatus: Int? = nil,
                    signal: String? = nil, workers: Int? = nil, wallMs: Int? = nil, cpuMs: Int? = nil, cpuStat: CPUStat? = nil,
                    loadavg: String? = nil) {
            self.request = request
            self.kind = kind
            self.asked = asked
            self.reached = reached
            self.errno = errno
            self.exitStatus = exitStatus
            self.signal = signal
            self.workers = workers
            self.wallMs = wallMs
            self.cpuMs = cpuMs
            self.cpuStat = cpuStat
            self.loadavg = loadavg
        }

        enum CodingKeys: String, CodingKey {
            case request, kind, asked, reached, errno, signal, workers, loadavg
            case exitStatus = "exit_status"
            case wallMs = "wall_ms"
            case cpuMs = "cpu_ms"
            case cpuStat = "cpu_stat"
        }
    }

    /// Periods with a quota that passed, and how many of them ended throttled.
    public struct CPUStat: Codable, Sendable, Equatable {
        public var path: String
        public var periods: Int
        public var throttled: Int
        public var throttledUs: Int

        public init(path: String, periods: Int, throttled: Int, throttledUs: Int) {
            self.path = path
            self.periods = periods
            self.throttled = throttled
            self.throttledUs = throttledUs
        }

        enum CodingKeys: String, CodingKey {
            case path, periods, throttled
            case throttledUs = "throttled_us"
        }
    }
}
