import Foundation
import Results
import Testing
@testable import Reports

/// The overhead kind's part of the report: ratios to the bare host with their intervals and
/// verdicts, the counters, what each filter costs a call, the goals, the ratio plots.
@Suite struct OverheadSectionTests {
    static let cpu = ["workload": "cpu"]
    static let filtered = ["workload": "syscalls", "filter": "default"]
    static let unfiltered = ["workload": "syscalls", "filter": "none"]
    static let root = ["workload": "fio", "storage": "root"]
    static let memory = ["workload": "memory"]

    static func samples(_ metric: String, _ unit: String, _ target: String, _ point: [String: String], _ values: [Double]) -> MetricSamples {
        MetricSamples(scenario: "overhead", metric: metric, unit: unit, target: target, parameters: point, samples: values)
    }

    static func document() -> ResultsDocument {
        let steady: [Double] = [100, 101, 99, 100, 102, 98]
        let measurements = [
            samples("cpu", "ms", "host", cpu, steady),
            // Now a little slower, now a little faster than the host's round: no overhead.
            samples("cpu", "ms", "cbench-app", cpu, [101, 100, 100, 99, 101, 99]),
            samples("cpu", "ms", "docker", cpu, steady.map { $0 * 1.5 }),
            samples("cpu", "ms", "lxc", cpu, [180]),
            samples("memory copy", "MB/s", "host", memory, steady),
            samples("memory copy", "MB/s", "cbench-app", memory, steady.map { $0 * 1.2 }),
            samples("counter task-clock", "ms", "host", cpu, [99, 100]),
            samples("counter task-clock", "ms", "cbench-app", cpu, [100, 101]),
            samples("syscall personality", "ns", "host", filtered, [50, 50, 50]),
            samples("syscall personality", "ns", "host", unfiltered, [50, 50, 50]),
            samples("syscall personality", "ns", "cbench-app", filtered, [60, 60, 60]),
            samples("syscall personality", "ns", "cbench-app", unfiltered, [51, 51, 51]),
            samples("syscall personality", "ns", "docker", filtered, [90, 90, 90]),
            samples("syscall personality", "ns", "docker", unfiltered, [50, 50, 50]),
            samples("fio seq-read-direct", "MiB/s", "host", root, [400, 400, 400]),
            samples("fio seq-read-direct", "MiB/s", "cbench-app", root, [380, 380, 380]),
            samples("fio seq-read-direct", "MiB/s", "podman-crun", root, [300, 400, 380]),
        ]
        return ResultsDocument(
            suite: "s", startedAt: Date(), environment: ReportFixture.document().environment,
            targets: ["host", "cbench-app", "docker", "podman-crun"].map { TargetInfo(name: $0) }, measurements: measurements,
            scenarios: [ScenarioEntry(name: "overhead", kind: "overhead", metrics: [
                MetricDefinition(name: "cpu", unit: "ms", better: .lower),
                MetricDefinition(name: "memory copy", unit: "MB/s", better: .higher),
                MetricDefinition(name: "syscall personality", unit: "ns", better: .lower),
                MetricDefinition(name: "fio seq-read-direct", unit: "MiB/s", better: .higher),
            ])]).summarized()
    }

    static func part() throws -> ReportPart {
        let document = document()
        return try #require(OverheadSection().build(ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)))
    }

    /// The section's markdown for `measurements` of `targets`, one scenario with `metrics`.
    static func markdown(_ measurements: [MetricSamples], targets: [String], metrics: [MetricDefinition]) throws -> String {
        let document = ResultsDocument(
            suite: "s", startedAt: Date(), environment: ReportFixture.document().environment,
            targets: targets.map { TargetInfo(name: $0) }, measurements: measurements,
            scenarios: [ScenarioEntry(name: "overhead", kind: "overhead", metrics: metrics)]).summarized()
        return try #require(OverheadSection().build(ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)))
            .markdown()
    }

    @Test func eachTargetIsDividedByTheHostWithAVerdict() throws {
        let markdown = try Self.part().markdown()
        #expect(markdown.contains("| cpu (ms) | cbench-app | 6 | 100.0 | 100.0 | 1.00× |"))
        #expect(markdown.contains("| no measurable overhead |"))
        #expect(markdown.contains("| cpu (ms) | docker | 6 | 150.0 | 100.0 | 1.50× | 1.50× – 1.50× | by round | overhead: 50.0% worse |"))
        #expect(markdown.contains("| fio seq-read-direct (MiB/s) | cbench-app | 3 | 380.0 | 400.0 | 0.95× | 0.95× – 0.95× | by round | overhead: 5.0% worse |"))
        #expect(!markdown.contains("| host | 6 |"), "the host is the baseline, not a row")
    }

    @Test func oneRunGivesNoVerdictAndBetterThanTheHostIsNoOverhead() throws {
        let markdown = try Self.part().markdown()
        #expect(markdown.contains("| cpu (ms) | lxc | 1 | 180.0 | 100.0 | 1.80× | 1.77× – 1.83× | medians | no verdict: fewer than 3 runs |"))
        #expect(markdown.contains("| memory copy (MB/s) | cbench-app | 6 | 120.0 | 100.0 | 1.20× |"))
        #expect(markdown.contains("| 20.0% better than the host |"))
    }

    @Test func theCountersOfEachWorkloadAreListedHostIncluded() throws {
        let markdown = try Self.part().markdown()
        #expect(markdown.contains("| target | task-clock (ms) |"))
        #expect(markdown.contains("| host | 99.50 |"))
        #expect(markdown.contains("| cbench-app | 100.5 |"))
    }

    /// Beside a time on the wall clock, the workload's CPU time against the host's, paired by
    /// round; not judged, not in the goals, and not beside a throughput.
    @Test func theCPUTimeStandsBesideTheWallTimeUnjudged() throws {
        let measurements = [
            Self.samples("cpu", "ms", "host", Self.cpu, [100, 100, 100]),
            // Slower on the wall clock by waiting: the same CPU time as the host's.
            Self.samples("cpu", "ms", "cbench-system", Self.cpu, [120, 130, 125]),
            Self.samples("counter task-clock", "ms", "host", Self.cpu, [50, 52, 51]),
            Self.samples("counter task-clock", "ms", "cbench-system", Self.cpu, [50, 52, 51]),
            Self.samples("fio seq-read-direct", "MiB/s", "host", Self.root, [400, 400, 400]),
            Self.samples("fio seq-read-direct", "MiB/s", "cbench-system", Self.root, [400, 400, 400]),
            Self.samples("counter task-clock", "ms", "host", Self.root, [10, 10, 10]),
            Self.samples("counter task-clock", "ms", "cbench-system", Self.root, [20, 20, 20]),
        ]
        let markdown = try Self.markdown(measurements, targets: ["host", "cbench-system"], metrics: [
            MetricDefinition(name: "cpu", unit: "ms", better: .lower),
            MetricDefinition(name: "fio seq-read-direct", unit: "MiB/s", better: .higher)])
        #expect(markdown.contains("| cpu (ms) | cbench-system | 3 | 125.0 | 100.0 | 1.25× | 1.20× – 1.30× | by round | overhead: 25.0% worse |"))
        #expect(markdown.contains("| CPU time, task-clock (ms) | cbench-system | 3 | 51.00 | 51.00 | 1.00× | 1.00× – 1.00× | by round "
                                  + "| not judged: the workload's CPU time |"))
        #expect(markdown.components(separatedBy: "| CPU time, task-clock").count == 2, "beside the time, not beside fio's throughput")
        #expect(markdown.contains("missed on cbench-system cpu 1.25×"), "the goal stays on the wall time")
        #expect(!markdown.contains("counter task-clock 1.00×"))
    }

    @Test func theFilterCostIsTheDifferenceWithAndWithoutIt() throws {
        let markdown = try Self.part().markdown()
        #expect(markdown.contains("| target | personality (ns) |"))
        #expect(markdown.contains("| cbench-app | 9.00 |"))
        #expect(markdown.contains("| docker | 40.00 |"))
        #expect(markdown.contains("| host | 0 |"))
    }

    @Test func theFilterCostLeavesOutTheHostsDriftBetweenThePhases() throws {
        let measurements = [
            Self.samples("syscall getpid", "ns", "host", Self.filtered, [150, 150, 150]),
            Self.samples("syscall getpid", "ns", "host", Self.unfiltered, [50, 50, 50]),
            Self.samples("syscall getpid", "ns", "cbench-app", Self.filtered, [160, 160, 160]),
            Self.samples("syscall getpid", "ns", "cbench-app", Self.unfiltered, [51, 51, 51]),
        ]
        let markdown = try Self.markdown(measurements, targets: ["host", "cbench-app"],
                                         metrics: [MetricDefinition(name: "syscall getpid", unit: "ns", better: .lower)])
        #expect(markdown.contains("| host | 100.0 |"), "the host's drift between the phases")
        #expect(markdown.contains("| cbench-app | 9.00 |"), "109 ns of change, 100 of them the drift")
    }

    /// The two run side by side in each round: the cost is the median of the rounds'
    /// differences (110 here), not the difference of the medians (95).
    @Test func theFilterCostPairsTheRoundsWhenEveryRoundHasBoth() throws {
        let measurements = [
            Self.samples("syscall getpid", "ns", "host", Self.filtered, [140, 195, 140, 195]),
            Self.samples("syscall getpid", "ns", "host", Self.unfiltered, [140, 195, 140, 195]),
            Self.samples("syscall getpid", "ns", "docker", Self.filtered, [240, 320, 245, 290]),
            Self.samples("syscall getpid", "ns", "docker", Self.unfiltered, [140, 200, 195, 150]),
            Self.samples("syscall getpid", "ns", "cbench-app", Self.filtered, [190, 245, 245, 245]),
            Self.samples("syscall getpid", "ns", "cbench-app", Self.unfiltered, [140, 195, 195]),
        ]
        let markdown = try Self.markdown(measurements, targets: ["host", "docker", "cbench-app"],
                                         metrics: [MetricDefinition(name: "syscall getpid", unit: "ns", better: .lower)])
        #expect(markdown.contains("| host | 0 |"))
        #expect(markdown.contains("| docker | 110.0 |"), "the rounds' differences 100, 120, 50 and 140")
        #expect(markdown.contains("| cbench-app | 50.00 |"), "a round missing its unfiltered run: the medians' difference, 245 - 195")
    }

    @Test func theGoalsAreJudgedFromTheRows() throws {
        let markdown = try Self.part().markdown()
        #expect(markdown.contains("cpu and memory of cbench's modes (cbench-app): met: no measurable overhead on any of 2 results."))
        #expect(markdown.contains("cbench app's default filter per call against Docker's on runc: met (personality 9.00 ns against 40.00 ns). "
                                  + "Ours minus Docker's (95% interval, each target's rounds resampled): personality -31.00 to -31.00 ns; "
                                  + "a call is missed only where that interval lies above 0."))
        #expect(markdown.contains("file I/O on cbench app's overlay within podman's interval: met on all 1 fio jobs."))
    }

    @Test func aRatioPlotPerGroupWithCategoriesAndIntervals() throws {
        let plots = try Self.part().plots
        #expect(plots.map(\.name) == ["overhead-overhead-workloads", "overhead-overhead-fio-on-root"])
        let workloads = try #require(plots.first)
        #expect(workloads.kind == .intervals)
        #expect(workloads.categories == ["cpu", "memory copy", "syscall personality (default filter)", "syscall personality (none filter)"])
        #expect(workloads.series.map(\.label) == ["cbench-app", "docker", "lxc"])
        let docker = try #require(workloads.series.first { $0.label == "docker" }?.rows.first)
        #expect(docker[1] == 1.5)
        let app = try #require(workloads.series.first?.rows.first)
        #expect(app[0] < 1 && app[0] > 0.9, "beside its category, not on it")
    }

    @Test func aPlotOfIntervalsDrawsErrorBarsAndTheLineAtOne() throws {
        let spec = try #require(try Self.part().plots.first)
        let script = GnuplotRenderer().script(for: spec, pngTerminal: "png")
        #expect(script.contains("with yerrorbars"))
        #expect(script.contains("set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2"))
        #expect(script.contains("set xtics ('cpu' 1, "))
    }

    @Test func refusedEventsAreListedWithTheirReason() {
        let blocks = OverheadSection.unsupportedEvents(["perf:cycles": "unsupported: perf_event_open: ENOENT", "perf": "6.1", "runc": "1.1"])
        #expect(blocks == [.heading("Events not counted"), .paragraph("cycles: unsupported: perf_event_open: ENOENT")])
        #expect(OverheadSection.unsupportedEvents(["perf": "6.1"]).isEmpty)
    }

    @Test func noOverheadScenarioNoPart() {
        let document = ReportFixture.document()
        #expect(OverheadSection().build(ReportSectionInput(document: document, scenarios: [], reference: nil)) == nil)
    }
}
