import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// Runs suites of scenarios of every kind on targets: availability first (a missing target
/// is a skipped column), then each scenario through its kind with a session of its own,
/// everything collected by one recorder into one results document.
public final class ScenarioRunner {
    public let targets: [any ContainerTarget]
    public let progress: Progress
    public let stop: StopSignal
    /// The run's work directory; each scenario gets a directory below it.
    public let workDirectory: String
    public let probe: String?
    /// Lets kinds open perf counters (off in unit tests with fake targets).
    public var measurePerf = true
    /// Looks at the host's load before the first step and after the last (half a second each).
    public var checkNoise = true
    /// Measures the harness's own cost on the no-op target before timed scenarios.
    public var measureHarness = true
    /// Where timed interleaved steps read the kernel's teardown of earlier steps before they
    /// begin (`StepSettle`); nil takes steps back to back (unit tests with fake targets).
    public var teardownActivity: (any TeardownActivitySource)?
    /// The CPUs the process was pinned to, recorded with the environment.
    public var pinnedCPUs: [Int]?
    /// Where the partial document goes while the run is under way (PartialResults says when).
    public var saveProgress: (@Sendable (ResultsDocument) -> Void)?
    /// Part of every container id (`cbench-<runTag>-<n>`) and so of its cgroup.
    public let runTag: String
    public let host: HostFacts

    public init(targets: [any ContainerTarget], progress: Progress, stop: StopSignal, workDirectory: String, probe: String?,
                runTag: String = String(UInt32.random(in: 0...UInt32.max), radix: 36), host: HostFacts = HostFacts.read()) {
        self.targets = targets
        self.runTag = runTag
        self.progress = progress
        self.stop = stop
        self.workDirectory = workDirectory
        self.probe = probe
        self.host = host
    }

    /// The targets a scenario asks for: those it names, else every target whose type meets
    /// its kind's requirement (references such as the `unshare` floor only when named); and
    /// always the baselines its kind divides by (the bare host of `overhead`).
    func selection(for scenario: Scenario) -> [any ContainerTarget] {
        let baselines = type(of: scenario.kind).baselines
        if let names = scenario.targets { return targets.filter { names.contains($0.name) || baselines.contains($0.name) } }
        return targets.filter {
            baselines.contains($0.name) || (scenario.kind.requirement.isDeclared(by: $0) && !($0 is any ReferenceTarget))
        }
    }

    /// Availability of every target some scenario uses, in order.
    func checkTargets(_ used: [any ContainerTarget]) -> [(target: any ContainerTarget, availability: TargetAvailability)] {
        used.map { target in
            let availability = target.availability()
            if let reason = availability.skipReason { progress.note("skipping \(target.name): \(reason)") }
            return (target, availability)
        }
    }

    /// Runs the suite; `partial` is set when a stop was requested before the end.
    public func run(_ suite: ScenarioSuite, environment: (_ targetVersions: [String: String]) -> Environment) -> ResultsDocument {
        let started = Date()
        let noiseAtStart = checkNoise ? NoiseCheck.sample() : nil
        if let noiseAtStart {
            for warning in NoiseCheck.warnings(noiseAtStart, cores: ProcessInfo.processInfo.activeProcessorCount, when: "at the start") {
                progress.note("warning: \(warning)")
            }
        }
        var scenarios = suite.scenarios
        var candidates = targets
        // The harness's own cost comes first, on the no-op target, when anything is timed.
        if measureHarness, scenarios.contains(where: { type(of: $0.kind).timesSteps }) {
            scenarios.insert(HarnessKind.scenario(), at: 0)
            // One no-op target: the harness's, also where a scenario names noop itself.
            candidates.removeAll { $0 is NoopTarget }
            candidates.insert(NoopTarget(context: TargetContext(workDirectory: workDirectory, stateRoot: workDirectory, smokeRootfs: "/")), at: 0)
        }
        let selections = scenarios.map { $0.kind is HarnessKind ? candidates.filter { $0 is NoopTarget } : selection(for: $0) }
        let usedNames = Set(selections.flatMap { $0.map(\.name) })
        let checked = checkTargets(candidates.filter { usedNames.contains($0.name) })
        let available = Set(checked.filter { $0.availability.isAvailable }.map(\.target.name))
        let infos = checked.map { TargetInfo(name: $0.target.name, version: $0.availability.version, skipped: $0.availability.skipReason) }
        let recorder = ResultsRecorder()
        var versions: [String: String] = [:]
        for info in infos { versions[info.name] = info.version ?? "skipped" }
        var described = environment(versions)
        let partial = saveProgress.map { PartialResults(save: $0) }
        let suiteName = suite.name
        let saveSoFar: @Sendable () -> Void = { [described] in
            partial?.write { recorder.document(suite: suiteName, startedAt: started, partial: true, environment: described, targets: infos) }
        }
        stop.whenRequested(saveSoFar)
        let state = RunState(progress: progress, stop: stop, host: host, probe: probe, perfCounters: measurePerf, runTag: runTag,
                             teardownActivity: teardownActivity)

        var plans: [(scenario: Scenario, targets: [any ContainerTarget], unmet: [String: String])] = []
        for (scenario, selected) in zip(scenarios, selections) {
            let scoped = ScenarioRecorder(recorder: recorder, scenario: scenario.name)
            recorder.begin(scenario)
            var participants: [any ContainerTarget] = []
            var unmet: [String: String] = [:]
            for target in selected where available.contains(target.name) {
                if let reason = scenario.kind.requirement.unmetReason(target) {
                    scoped.note(target: target.name, .skipped, "skipped: \(reason)")
                    progress.note("\(scenario.name): skipping \(target.name): \(reason)")
                    unmet[target.name] = reason
                } else {
                    participants.append(target)
                }
            }
            plans.append((scenario, participants, unmet))
        }
        state.planned(plans.reduce(0) { $0 + $1.scenario.kind.plannedSteps($1.scenario, targets: $1.targets.count) })

        for (index, plan) in plans.enumerated() {
            if stop.isRequested { break }
            let scoped = ScenarioRecorder(recorder: recorder, scenario: plan.scenario.name)
            let directory = "\(workDirectory)/scenario-\(index + 1)"
            do {
                try FileIO.makeDirectories(directory, mode: 0o755)
                defer { try? FileIO.removeTree(directory) }
                let session = ScenarioSession(scenario: plan.scenario, targets: plan.targets, workDirectory: directory, run: state, recorder: scoped,
                                              unmet: plan.unmet)
                try plan.scenario.kind.run(session)
            } catch {
                progress.note("\(plan.scenario.name): failed: \(error)")
                for target in plan.targets {
                    scoped.failure(target: target.name, step: PlannedStep(target: target.name, point: [:], iteration: 0, warmup: false),
                                   stage: "scenario", error: String(describing: error))
                }
            }
            saveSoFar()
        }
        progress.finish()
        let noiseAtEnd = checkNoise && !stop.isRequested ? NoiseCheck.sample() : nil
        // Images imported for the run and a dockerd we started go now, not at deinit.
        for target in targets where usedNames.contains(target.name) { (target as? any RunScopedTarget)?.finish() }
        if let reason = stop.reason { progress.note("stopped by \(reason): the results are partial") }
        if let noiseAtStart {
            let cores = described.cores
            let warnings = NoiseCheck.warnings(noiseAtStart, cores: cores, when: "at the start")
                + (noiseAtEnd.map { NoiseCheck.warnings($0, cores: cores, when: "at the end") } ?? [])
            described.noise = HostNoise(start: noiseAtStart, end: noiseAtEnd, pinnedCPUs: pinnedCPUs, warnings: warnings)
        }
        partial?.finish()
        return recorder.document(suite: suite.name, startedAt: started, partial: stop.isRequested, environment: described, targets: infos)
    }
}
