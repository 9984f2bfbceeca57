import CPfm
import CShim
import Glibc
import NamespaceCore
import Synchronization

/// Perf counters over one or more scopes, encoded by libpfm4 and opened with
/// perf_event_open. An event the machine refuses is recorded with the reason and left out;
/// nothing here throws. `read` sums every descriptor of a metric (`PerfCounts.combine`).
public final class PerfCounterSet {
    private var open: [(metric: String, fd: Int32)] = []
    /// Events that did not open, with the reason (hardware events in most VMs).
    public private(set) var unsupported: [String: String] = [:]
    public let scopes: [PerfScope]

    private static let initialized = Mutex<Int32?>(nil)

    /// pfm_initialize once per process; its result is kept.
    private static func initialize() -> Int32 {
        initialized.withLock { kept in
            if let kept { return kept }
            let result = pfm_initialize()
            kept = result
            return result
        }
    }

    /// Opens every event of `metrics` (all when nil) on every scope.
    public init(scopes: [PerfScope], metrics: [String]? = nil) {
        self.scopes = scopes
        let events = PerfEvent.named(metrics)
        guard Self.initialize() == PFM_SUCCESS else {
            for event in events { unsupported[event.metric] = "libpfm4 did not initialize" }
            return
        }
        let cpus = Self.onlineCPUs()
        for event in events {
            var template = perf_event_attr()
            var argument = pfm_perf_encode_arg_t()
            argument.size = MemoryLayout<pfm_perf_encode_arg_t>.size
            let encoded = withUnsafeMutablePointer(to: &template) { pointer in
                argument.attr = pointer
                return pfm_get_os_event_encoding(event.pfmName, Int32(PFM_PLM0 | PFM_PLM3), PFM_OS_PERF_EVENT, &argument)
            }
            guard encoded == PFM_SUCCESS else {
                unsupported[event.metric] = "libpfm4: \(String(cString: pfm_strerror(encoded)))"
                continue
            }
            template.size = UInt32(MemoryLayout<perf_event_attr>.size)
            template.read_format = UInt64(PERF_FORMAT_TOTAL_TIME_ENABLED.rawValue | PERF_FORMAT_TOTAL_TIME_RUNNING.rawValue)
            for scope in scopes {
                if let reason = openEvent(event.metric, template: template, scope: scope, cpus: cpus) {
                    unsupported[event.metric] = reason
                    break
                }
            }
        }
        // An event counted in one scope but refused in another would be a partial sum.
        for metric in unsupported.keys { closeMetric(metric) }
    }

    /// Opens one event in one scope; the reason when it cannot.
    private func openEvent(_ metric: String, template: perf_event_attr, scope: PerfScope, cpus: [Int32]) -> String? {
        var attr = template
        switch scope {
        case .callingThreadAndDescendants, .processTree:
            attr.inherit = 1
            let pid: Int32 = if case .processTree(let pid) = scope { pid } else { 0 }
            let fd = cshim_perf_event_open(&attr, pid, -1, -1, UInt(PERF_FLAG_FD_CLOEXEC))
            guard fd >= 0 else { return Self.refusal(errno, scope: scope) }
            open.append((metric, fd))
        case .cgroup(let path):
            let directory = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard directory >= 0 else { return "open \(path): \(CoreError.errnoName(errno))" }
            defer { Glibc.close(directory) }
            for cpu in cpus {
                let fd = cshim_perf_event_open(&attr, directory, cpu, -1, UInt(PERF_FLAG_PID_CGROUP) | UInt(PERF_FLAG_FD_CLOEXEC))
                guard fd >= 0 else { return Self.refusal(errno, scope: scope) }
                open.append((metric, fd))
            }
        }
        return nil
    }

    static func refusal(_ code: Int32, scope: PerfScope) -> String {
        let name = CoreError.errnoName(code)
        switch code {
        case ENOENT, EOPNOTSUPP: return "perf_event_open (\(scope)): \(name): this machine does not offer the event (no PMU in most VMs)"
        default: return "perf_event_open (\(scope)): \(name)"
        }
    }

    private func closeMetric(_ metric: String) {
        for entry in open where entry.metric == metric { Glibc.close(entry.fd) }
        open.removeAll { $0.metric == metric }
    }

    /// The raw readings of every open descriptor.
    public func readings() -> [(metric: String, reading: PerfReading)] {
        open.compactMap { entry in
            var bytes = [UInt8](repeating: 0, count: PerfReading.byteCount)
            let count = bytes.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
            guard count == PerfReading.byteCount, let reading = PerfReading(bytes: bytes) else { return nil }
            return (entry.metric, reading)
        }
    }

    /// Current totals: task-clock in milliseconds, the others as counts.
    public func read() -> [String: Double] {
        PerfCounts.combine(readings())
    }

    public func close() {
        for entry in open { Glibc.close(entry.fd) }
        open = []
    }

    deinit { close() }

    /// The online CPUs (/sys/devices/system/cpu/online, e.g. `0-1`), which cgroup counters
    /// need one descriptor each of.
    static func onlineCPUs(text: String? = nil) -> [Int32] {
        let list = text ?? FileIO.contents("/sys/devices/system/cpu/online")
        var cpus: [Int32] = []
        for range in list.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",") {
            let bounds = range.split(separator: "-").compactMap { Int32($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] { cpus += Array(bounds[0]...bounds[1]) }
            if bounds.count == 1 { cpus.append(bounds[0]) }
        }
        return cpus.isEmpty ? [0] : cpus
    }
}
