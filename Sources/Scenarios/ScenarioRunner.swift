import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// Runs suites of scenarios on targets: availability first (a missing target is a skipped
/// column), then every scenario's steps in interleaved order with a timeout each and a
/// cleanup after each, collecting raw samples and feature cells into a results document.
public final class ScenarioRunner {
    public let targets: [any ContainerTarget]
    public let progress: Progress
    public let stop: StopSignal
    /// Where the marker file and the loopback service of isolation probes live.
    public let workDirectory: String
    public let probe: String?
    /// Records perf counters (off in unit tests with fake targets).
    public var measurePerf = true

    private var collected = SampleCollector()
    private var features: [FeatureResult] = []
    private var unsupportedPerf: [String: String] = [:]
    /// Part of every container id (`cbench-<runTag>-<n>`) and so of its cgroup.
    public let runTag: String
    private var counter = 0

    public init(targets: [any ContainerTarget], progress: Progress, stop: StopSignal, workDirectory: String, probe: String?,
                runTag: String = String(UInt32.random(in: 0...UInt32.max), radix: 36)) {
        self.targets = targets
        self.runTag = runTag
        self.progress = progress
        self.stop = stop
        self.workDirectory = workDirectory
        self.probe = probe
    }

    /// Availability of every target, in order.
    public func checkTargets() -> [(target: any ContainerTarget, availability: TargetAvailability)] {
        targets.map { target in
            let availability = target.availability()
            if let reason = availability.skipReason { progress.note("skipping \(target.name): \(reason)") }
            return (target, availability)
        }
    }

    /// Runs the suite; `partial` is set when a stop was requested before the end.
    public func run(_ suite: ScenarioSuite, environment: (_ targetVersions: [String: String]) -> Environment) -> ResultsDocument {
        let started = Date()
        let checked = checkTargets()
        let usable = checked.filter { $0.availability.isAvailable }.map(\.target)
        let infos = checked.map { TargetInfo(name: $0.target.name, version: $0.availability.version, skipped: $0.availability.skipReason) }
        let plans = suite.scenarios.map { scenario in
            let names = usable.map(\.name).filter { scenario.targets?.contains($0) ?? true }
            return (scenario, StepPlan.steps(for: scenario, targets: names))
        }
        let total = plans.reduce(0) { $0 + $1.1.count }
        var done = 0
        let clock = MonotonicClock.now()
        let loopback = LoopbackService()
        let marker = "\(workDirectory)/host-marker"
        _ = FileManager.default.createFile(atPath: marker, contents: Data("cbench host marker\n".utf8))
        defer {
            loopback?.close()
            unlink(marker)
        }
        let judge = IsolationJudge(host: IsolationJudge.hostNamespaces(), marker: marker, loopbackService: loopback?.address)
        var judged = Set<String>()
        outer: for (scenario, steps) in plans {
            for step in steps {
                if stop.isRequested { break outer }
                guard let target = usable.first(where: { $0.name == step.target }) else { continue }
                let elapsed = Double(MonotonicClock.now() - clock) / 1e9
                let label = "\(scenario.name) \(target.name) " + (step.warmup ? "warm-up" : "iteration") + " \(step.iteration + 1)"
                    + (step.point.isEmpty ? "" : " [\(SeriesLabel.of(step.point))]")
                progress.step(done: done, total: total, elapsed: elapsed, label: label)
                let builtins = ["marker": marker, "loopback": loopback?.address ?? "127.0.0.1:9"]
                let outcome = execute(scenario: scenario, step: step, target: target, builtins: builtins)
                done += 1
                switch outcome {
                case .failure(let message):
                    progress.note("\(label): failed: \(message)")
                    if scenario.kind == .feature && !step.warmup && !judged.contains("\(scenario.name)/\(target.name)") {
                        judged.insert("\(scenario.name)/\(target.name)")
                        for row in scenario.probes {
                            features.append(FeatureResult(feature: "\(row) isolation", target: target.name, outcome: .failed, evidence: message, detail: "the probe container failed"))
                        }
                    }
                case .success(let result):
                    guard !step.warmup else { continue }
                    record(result, scenario: scenario, step: step, target: target.name, judge: judge, judged: &judged)
                }
            }
        }
        progress.finish()
        // Images imported for the run and a dockerd we started go now, not at deinit.
        for target in usable { (target as? any RunScopedTarget)?.finish() }
        var versions: [String: String] = [:]
        for info in infos { versions[info.name] = info.version ?? "skipped" }
        var environment = environment(versions)
        for (metric, reason) in unsupportedPerf { environment.versions["perf:\(metric)"] = "unsupported: \(reason)" }
        let partial = stop.isRequested
        if let reason = stop.reason { progress.note("stopped by \(reason): the results are partial") }
        return ResultsDocument(suite: suite.name, startedAt: started, finishedAt: Date(), partial: partial,
                               environment: environment, targets: infos, features: features,
                               measurements: collected.measurements).summarized()
    }

    struct StepResult: Sendable {
        var run: ContainerRun
        var perf: [String: Double]
        var perfUnsupported: [String: String]
        var memAvailableBytes: UInt64?
    }

    enum StepOutcome {
        case success(StepResult)
        case failure(String)
    }

    private func execute(scenario: Scenario, step: PlannedStep, target: any ContainerTarget, builtins: [String: String]) -> StepOutcome {
        counter += 1
        let id = "cbench-\(runTag)-\(counter)"
        let args = scenario.command(at: step.point.merging(builtins) { own, _ in own })
        let workload = ContainerWorkload(args: args, rootfs: scenario.rootfs, probe: probe, userNamespace: scenario.userNamespace)
        let prepared: PreparedContainer
        do {
            prepared = try target.prepare(workload, id: id)
        } catch {
            return .failure("prepare: \(error)")
        }
        defer { target.cleanup(prepared) }
        let wantsPerf = measurePerf && scenario.kind == .performance && scenario.metrics.contains("perf")
        let mode = scenario.mode
        let outcome = StepExecutor.execute(timeout: scenario.timeoutSeconds, abort: { target.cleanup(prepared) }) { () throws -> StepResult in
            let memAvailable = EnvironmentCollector.memAvailableBytes()
            let counters = wantsPerf ? PerfCounters() : nil
            var run: ContainerRun
            switch mode {
            case .run:
                run = try target.run(prepared)
            case .startUntilRunning:
                run = try target.startUntilRunning(prepared)
                let stopped = try target.stop(prepared)
                run.phases += stopped.phases
            }
            let perf = counters?.read() ?? [:]
            let unsupported = counters?.unsupported ?? [:]
            counters?.close()
            return StepResult(run: run, perf: perf, perfUnsupported: unsupported, memAvailableBytes: memAvailable)
        }
        switch outcome {
        case .timedOut:
            return .failure("timed out after \(scenario.timeoutSeconds) s")
        case .finished(.failure(let error)):
            return .failure(String(describing: error))
        case .finished(.success(let result)):
            if mode == .run, let exit = result.run.exit, exit != .exited(0) {
                return .failure("the container ended with \(exit): \(ChildCommand.firstLine(result.run.stderr))")
            }
            progress.detail("  \(target.name): " + result.run.phases.map { "\($0.name) \(String(format: "%.2f", $0.milliseconds)) ms" }.joined(separator: ", "))
            return .success(result)
        }
    }

    private func record(_ result: StepResult, scenario: Scenario, step: PlannedStep, target: String, judge: IsolationJudge, judged: inout Set<String>) {
        switch scenario.kind {
        case .feature:
            let key = "\(scenario.name)/\(target)"
            guard !judged.contains(key) else { return }
            judged.insert(key)
            let report: ProbeReport
            do {
                report = try ProbeReport.decode(result.run.stdout)
            } catch {
                for row in scenario.probes {
                    features.append(FeatureResult(feature: "\(row) isolation", target: target, outcome: .failed,
                                                  evidence: String(result.run.stdout.prefix(2000)), detail: "probe output not readable: \(error)"))
                }
                return
            }
            for row in scenario.probes {
                features.append(judge.judge(row, report: report, target: target))
            }
        case .performance:
            func add(_ metric: String, _ unit: String, _ value: Double?) {
                guard let value else { return }
                collected.add(MetricSamples(scenario: scenario.name, metric: metric, unit: unit, target: target, parameters: step.point, samples: [value]))
            }
            let metrics = Set(scenario.metrics)
            if metrics.contains("create-to-exit") {
                // A one-shot CLI (`docker run`) exposes no create and exit phases: its whole run counts.
                add(scenario.mode == .run ? "create-to-exit" : "start-until-running", "ms",
                    scenario.mode == .run ? result.run.milliseconds(from: "create", to: "exit") ?? result.run.totalMilliseconds
                                          : result.run.milliseconds(from: "create", to: result.run.phase("start") == nil ? "create" : "start"))
            }
            if metrics.contains("phases") {
                // A zero-length phase marks a moment (when a one-shot command was issued), not a phase.
                for phase in result.run.phases where phase.end != phase.start { add("phase:\(phase.name)", "ms", phase.milliseconds) }
            }
            if metrics.contains("memory-peak") {
                add("cgroup-memory-peak", "MB", result.run.memoryPeakBytes.map { Double($0) / 1_048_576 })
            }
            if metrics.contains("host-mem-available") {
                add("host-mem-available", "MB", result.memAvailableBytes.map { Double($0) / 1_048_576 })
            }
            if metrics.contains("perf") {
                for (metric, value) in result.perf.sorted(by: { $0.key < $1.key }) { add("perf:\(metric)", PerfCounters.unit(of: metric), value) }
                for (metric, reason) in result.perfUnsupported { unsupportedPerf[metric] = reason }
            }
        }
    }
}

/// Samples in the order they were first seen, merged per series and target.
struct SampleCollector {
    private(set) var measurements: [MetricSamples] = []
    private var index: [MeasurementKey: Int] = [:]

    mutating func add(_ sample: MetricSamples) {
        if let position = index[sample.key] {
            measurements[position].samples += sample.samples
        } else {
            index[sample.key] = measurements.count
            measurements.append(sample)
        }
    }
}

enum SeriesLabel {
    static func of(_ point: [String: String]) -> String {
        point.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
