import CPfm
import CShim
import Glibc
import NamespaceCore

/// Software (and, where the machine has them, hardware) perf counters of one step, encoded
/// by libpfm4 and opened with `inherit` on the calling thread: they count the runner thread
/// and every process it starts afterwards (runtime CLIs, container processes), added in as
/// each one exits.
public final class PerfCounters {
    /// cbench's metric name to libpfm4's event name.
    public static let events: [(metric: String, event: String)] = [
        ("task-clock", "perf::TASK-CLOCK"),
        ("context-switches", "perf::CONTEXT-SWITCHES"),
        ("page-faults", "perf::PAGE-FAULTS"),
        ("cpu-migrations", "perf::CPU-MIGRATIONS"),
        ("cycles", "perf::CYCLES"),
        ("instructions", "perf::INSTRUCTIONS"),
    ]

    private var open: [(metric: String, fd: Int32)] = []
    /// Events this machine refused, with the reason (hardware events in most VMs).
    public private(set) var unsupported: [String: String] = [:]

    nonisolated(unsafe) private static var initialized: Int32?

    /// pfm_initialize once per process; its result is kept.
    private static func initialize() -> Int32 {
        if let initialized { return initialized }
        let result = pfm_initialize()
        initialized = result
        return result
    }

    /// Opens every event; refusals are recorded, never thrown.
    public init(metrics: [String]? = nil) {
        let wanted = PerfCounters.events.filter { metrics?.contains($0.metric) ?? true }
        guard PerfCounters.initialize() == PFM_SUCCESS else {
            for event in wanted { unsupported[event.metric] = "libpfm4 did not initialize" }
            return
        }
        for (metric, event) in wanted {
            var attr = perf_event_attr()
            var arg = pfm_perf_encode_arg_t()
            arg.size = MemoryLayout<pfm_perf_encode_arg_t>.size
            let encoded = withUnsafeMutablePointer(to: &attr) { attrPointer in
                arg.attr = attrPointer
                return pfm_get_os_event_encoding(event, Int32(PFM_PLM0 | PFM_PLM3), PFM_OS_PERF_EVENT, &arg)
            }
            guard encoded == PFM_SUCCESS else {
                unsupported[metric] = String(cString: pfm_strerror(encoded))
                continue
            }
            attr.size = UInt32(MemoryLayout<perf_event_attr>.size)
            attr.inherit = 1
            let fd = cshim_perf_event_open(&attr, 0, -1, -1, UInt(PERF_FLAG_FD_CLOEXEC))
            if fd < 0 {
                unsupported[metric] = "perf_event_open: \(CoreError.errnoName(errno))"
            } else {
                open.append((metric, fd))
            }
        }
    }

    /// Current counts; task-clock in milliseconds, the others as counts.
    public func read() -> [String: Double] {
        var values: [String: Double] = [:]
        for (metric, fd) in open {
            var value: UInt64 = 0
            if Glibc.read(fd, &value, 8) == 8 {
                values[metric] = metric == "task-clock" ? Double(value) / 1_000_000 : Double(value)
            }
        }
        return values
    }

    public func close() {
        for (_, fd) in open { Glibc.close(fd) }
        open = []
    }

    deinit { close() }

    public static func unit(of metric: String) -> String {
        metric == "task-clock" ? "ms" : "count"
    }
}
