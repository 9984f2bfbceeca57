/// Whether perf counters open here. Probed through `perf stat` (which calls perf_event_open):
/// Swift cannot call the variadic syscall(2) and the probe is not on a measured path.
public struct HostPerfEvents: Sendable, Equatable, Codable {
    public var supported: [String]
    /// Events perf reports as `<not supported>` (hardware counters in most VMs).
    public var unsupported: [String]

    public init(supported: [String], unsupported: [String]) {
        self.supported = supported
        self.unsupported = unsupported
    }

    public static let softwareEvents = ["task-clock", "page-faults", "context-switches", "cpu-migrations"]
    public static let hardwareEvents = ["cycles", "instructions", "cache-misses"]

    public static var probeCommand: [String] {
        ["perf", "stat", "-x", ",", "-e", (softwareEvents + hardwareEvents).joined(separator: ","), "--", "true"]
    }

    /// nil when perf is not installed or did not run.
    public static func probe(runner: any HostCommandRunning) -> HostPerfEvents? {
        guard let result = runner.run(probeCommand), result.status == 0 else { return nil }
        return parse(result.output)
    }

    /// `perf stat -x,` rows: `value,unit,event,...`; the value is `<not supported>` or
    /// `<not counted>` for an event that did not open.
    public static func parse(_ output: String) -> HostPerfEvents {
        var supported: [String] = []
        var unsupported: [String] = []
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3 else { continue }
            let event = fields[2].split(separator: ":").first.map(String.init) ?? fields[2]
            guard !event.isEmpty else { continue }
            if fields[0].hasPrefix("<not") { unsupported.append(event) } else { supported.append(event) }
        }
        return HostPerfEvents(supported: supported, unsupported: unsupported)
    }
}
