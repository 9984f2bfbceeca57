/// One counter cbench reads: the metric name it is recorded under and libpfm4's name of the
/// event. Software events are counted by the kernel itself and open everywhere perf does;
/// hardware events need a PMU, which most VMs (this one too) do not offer.
public struct PerfEvent: Sendable, Equatable {
    public var metric: String
    public var pfmName: String
    public var isSoftware: Bool

    public static let all: [PerfEvent] = [
        PerfEvent(metric: "task-clock", pfmName: "perf::TASK-CLOCK", isSoftware: true),
        PerfEvent(metric: "context-switches", pfmName: "perf::CONTEXT-SWITCHES", isSoftware: true),
        PerfEvent(metric: "cpu-migrations", pfmName: "perf::CPU-MIGRATIONS", isSoftware: true),
        PerfEvent(metric: "page-faults", pfmName: "perf::PAGE-FAULTS", isSoftware: true),
        PerfEvent(metric: "cycles", pfmName: "perf::CYCLES", isSoftware: false),
        PerfEvent(metric: "instructions", pfmName: "perf::INSTRUCTIONS", isSoftware: false),
    ]

    /// The events whose metric is in `metrics` (all when nil), in `all`'s order.
    public static func named(_ metrics: [String]?) -> [PerfEvent] {
        all.filter { metrics?.contains($0.metric) ?? true }
    }

    /// task-clock is kept in milliseconds (the kernel counts nanoseconds); the others are counts.
    public static func unit(of metric: String) -> String {
        metric == "task-clock" ? "ms" : "count"
    }
}
