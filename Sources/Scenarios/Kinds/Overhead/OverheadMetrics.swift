import Results

/// The metrics an overhead scenario records: each workload's own results (the quantities a
/// ratio to the bare host is taken of) and the perf counters of its run.
public enum OverheadMetrics {
    public static let cpu = MetricDefinition(
        name: "cpu", unit: "ms", better: .lower,
        description: "sysbench cpu, one thread, a fixed number of events (primes up to 10000): its total time")
    public static let syscalls: [(key: String, metric: MetricDefinition)] = [
        ("getpid_ns", MetricDefinition(name: "syscall getpid", unit: "ns", better: .lower,
                                       description: "one getpid(2), the mean of a tight loop")),
        ("stat_ns", MetricDefinition(name: "syscall stat", unit: "ns", better: .lower,
                                     description: "one stat(2) of a missing file, the mean of a tight loop")),
        ("personality_ns", MetricDefinition(name: "syscall personality", unit: "ns", better: .lower,
                                            description: "one personality(0xffffffff) query, the mean of a tight loop; a call whose "
                                                + "rule checks its argument, so the kernel's per-syscall action cache cannot skip the filter")),
    ]
    public static let memory: [(key: String, metric: MetricDefinition)] = [
        ("copy_mb_per_s", MetricDefinition(name: "memory copy", unit: "MB/s", better: .higher,
                                           description: "memcpy between two buffers of the working set, touched first; "
                                               + "the median of the run's copies")),
        ("fault_ns", MetricDefinition(name: "page fault", unit: "ns", better: .lower,
                                      description: "one page fault: a fresh anonymous mapping of the working set written once a page, "
                                          + "unmapped again; the median of the run's mappings after its first")),
        ("first_fault_ns", MetricDefinition(name: "page fault, first touch", unit: "ns", better: .lower,
                                            description: "one page fault of the process's first mapping of the working set "
                                                + "(its first touch of that much memory), written once a page")),
    ]
    public static let process = MetricDefinition(
        name: "fork+exec", unit: "µs", better: .lower,
        description: "fork, exec of a tiny static binary and wait, the mean of a loop")

    public static func fio(_ job: FioJob) -> MetricDefinition {
        MetricDefinition(name: "fio \(job.name)", unit: "MiB/s", better: .higher,
                         description: "fio \(job.readWrite), \(job.blockSize) blocks, "
                             + (job.direct ? "O_DIRECT" : "through the page cache, dropped first (invalidate)")
                             + (job.writes && !job.direct ? ", ending with fsync inside its time" : "")
                             + ", psync, one file, a fixed amount of data (the whole file, or a fixed part of it at random offsets); "
                             + "each job its own fio, started after sync(2), so it writes back nothing an earlier job left dirty")
    }

    /// A counter of the workload's own run (its cgroup, or its process tree); `coverage`
    /// says which for the target.
    public static func counter(_ metric: String, target: String, coverage: String) -> MetricDefinition {
        MetricDefinition(name: "counter \(metric)", unit: PerfEvent.unit(of: metric), better: .lower,
                         description: "perf counter \(metric) of the workload alone, from its gate to its exit",
                         coverage: [target: coverage])
    }

    /// Every result metric a workload yields, by the name it is recorded under.
    public static func results(of workload: OverheadWorkload) -> [MetricDefinition] {
        switch workload {
        case .cpu: return [cpu]
        case .syscalls: return syscalls.map(\.metric)
        case .memory: return memory.map(\.metric)
        case .process: return [process]
        case .fileIO: return FioJob.all.map(fio)
        }
    }
}

extension OverheadWorkload {
    /// The workload's results from what it printed, in `OverheadMetrics.results` order.
    func results(from output: String, amounts: WorkloadAmounts) throws -> [(MetricDefinition, Double)] {
        switch self {
        case .cpu:
            return [(OverheadMetrics.cpu, try SysbenchReport(text: output).totalSeconds * 1000)]
        case .syscalls:
            let report = try WorkReport(json: output)
            return try OverheadMetrics.syscalls.map { ($0.metric, try report.value($0.key)) }
        case .memory:
            let report = try WorkReport(json: output)
            return try OverheadMetrics.memory.map { ($0.metric, try report.value($0.key)) }
        case .process:
            return [(OverheadMetrics.process, try WorkReport(json: output).value("spawn_us"))]
        case .fileIO:
            let report = try FioReport(outputs: WorkSequence.outputs(output, count: FioJob.all.count, stage: "parse fio"))
            return try FioJob.all.map { job in
                (OverheadMetrics.fio(job), try report.result(of: job, bounds: amounts.fio).bytesPerSecond / 1_048_576)
            }
        }
    }
}
