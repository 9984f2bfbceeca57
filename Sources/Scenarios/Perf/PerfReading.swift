/// One counter's read(2): its value and the nanoseconds it was enabled and running
/// (`PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING`, three u64 in host order).
public struct PerfReading: Sendable, Equatable {
    public var value: UInt64
    public var enabled: UInt64
    public var running: UInt64

    public init(value: UInt64, enabled: UInt64, running: UInt64) {
        self.value = value
        self.enabled = enabled
        self.running = running
    }

    public static let byteCount = 24

    /// Nil unless `bytes` is a whole reading.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        let words = bytes.withUnsafeBytes { raw in (0..<3).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
        self.init(value: words[0], enabled: words[1], running: words[2])
    }

    /// The value extrapolated to the whole enabled time when the kernel multiplexed the
    /// counter (ran it for part of the time only); software counters always run.
    public var scaled: Double {
        guard running > 0, running < enabled else { return Double(value) }
        return Double(value) * Double(enabled) / Double(running)
    }
}

/// Readings grouped by metric: one event is read from several descriptors (one per CPU for
/// a cgroup, one per scope when a step counts the runner and a daemon's cgroup), and the
/// metric's value is their sum.
public enum PerfCounts {
    /// Sums each metric's scaled readings; task-clock from nanoseconds to milliseconds.
    public static func combine(_ readings: [(metric: String, reading: PerfReading)]) -> [String: Double] {
        var totals: [String: Double] = [:]
        for (metric, reading) in readings { totals[metric, default: 0] += reading.scaled }
        if let clock = totals["task-clock"] { totals["task-clock"] = clock / 1_000_000 }
        return totals
    }
}
