import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// One run of a suite, as `cbench run` does it and as tests drive it in-process: a private
/// work directory (/tmp/cbench-run-*) and state root (/run/cbench/engine/*) for the targets, container ids `cbench-<pid>-<tag>-<n>`,
/// the runner, then results.json and every report in `outDirectory`. The work directory and
/// state root are removed whatever happens; results are written even when the run was stopped.
public struct SuiteSession {
    public struct Outcome {
        public var document: ResultsDocument
        public var resultsURL: URL
        /// What the report step could not draw; the rest of the report is written.
        public var reportWarnings: [String]
    }

    /// Writes the reports for a document into a directory and returns its warnings. The
    /// reports sit a floor above the scenarios, so the caller hands the step in.
    public typealias ReportStep = (ResultsDocument, URL) throws -> [String]

    public var suite: ScenarioSuite
    public var targetNames: [String]
    public var outDirectory: URL
    public var progress: Progress
    public var stop: StopSignal
    public var environment: [String: String]
    /// The static probe bind-mounted into feature containers.
    public var probe: String?
    public var writeReports: ReportStep
    /// The CPUs the process was pinned to (`cbench run --cpus`), recorded with the results.
    public var pinnedCPUs: [Int]?

    public init(suite: ScenarioSuite, targetNames: [String], outDirectory: URL, progress: Progress, stop: StopSignal,
                environment: [String: String] = ProcessInfo.processInfo.environment, probe: String? = ProbeLocator.find(),
                writeReports: @escaping ReportStep) {
        self.suite = suite
        self.targetNames = targetNames
        self.outDirectory = outDirectory
        self.progress = progress
        self.stop = stop
        self.environment = environment
        self.probe = probe
        self.writeReports = writeReports
    }

    /// The runtime state root every session's targets live under.
    public static let stateParent = "\(ProjectDirectories.runtime)/engine"

    /// Every known target some scenario of `scenarios` names (all of them when one names none).
    public static func defaultTargets(for scenarios: [Scenario]) -> [String] {
        // The no-op target only where a scenario names it: it is the harness's.
        TargetCatalog.names.filter { name in scenarios.contains { $0.targets?.contains(name) ?? (name != NoopTarget.targetName) } }
    }

    /// The one-line error of a run whose scenarios need the probe when none was found.
    public static func missingProbe(layout: InstallLayout = .current) -> CoreError {
        CoreError(stage: "find \(ProbeLocator.binaryName)", errno: ENOENT,
                  detail: "\(layout.searchedText); build it with make probe, or name it with \(ProbeLocator.environmentVariable)")
    }

    /// `requested` (a `--targets` list) with the baselines the scenarios' kinds divide by.
    public static func targets(_ requested: [String], for scenarios: [Scenario]) -> [String] {
        let baselines = scenarios.flatMap { type(of: $0.kind).baselines }
        return requested + TargetCatalog.names.filter { baselines.contains($0) && !requested.contains($0) }
    }

    /// The run's work and state directories, and the project's run directories once empty.
    static func removeRunDirectories(_ context: TargetContext) {
        try? FileIO.removeTree(context.workDirectory)
        try? FileIO.removeTree(context.stateRoot)
        ProjectDirectories.removeIfEmpty([SuiteSession.stateParent, ProjectDirectories.runtime])
    }

    public func execute() throws -> Outcome {
        guard getuid() == 0 else { throw CoreError(stage: "cbench run", errno: EPERM, detail: "it starts containers: run it as root") }
        if probe == nil, suite.scenarios.contains(where: { $0.kind.needsProbe }) { throw SuiteSession.missingProbe() }
        // Containers whose runtime CLI exited come back to us and are reaped by the targets.
        try ProcessLiveness.becomeSubreaper()
        let tag = "\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let context = TargetContext(
            workDirectory: "/tmp/cbench-run-\(tag)", stateRoot: "\(SuiteSession.stateParent)/\(tag)",
            smokeRootfs: TargetContext.defaultBusyboxRootfs(environment: environment))
        let owner: LiveOwners.Registration
        do {
            try FileIO.makeDirectories(context.workDirectory, mode: 0o755)
            // Searchable by the ids an unprivileged container's root maps to (its idmapped root
            // is below): runc's --root below it would otherwise make the chain 0700 first.
            try FileIO.makeDirectories(context.stateRoot, mode: 0o711)
            for directory in [ProjectDirectories.runtime, SuiteSession.stateParent, context.stateRoot] where chmod(directory, 0o711) != 0 {
                throw CoreError.fromErrno("chmod 0711 \(directory)")
            }
            // What this run makes carries its tag: `cbench cleanup` elsewhere leaves it alone.
            owner = try LiveOwners.register(role: "run", tags: context.ownerTags + [context.workDirectory])
        } catch {
            // Nothing of a run that could not begin stays behind.
            Self.removeRunDirectories(context)
            if let error = error as? CoreError { throw error }
            throw CoreError(stage: "create \(context.workDirectory)", detail: String(describing: error))
        }
        defer {
            // crun and runc create the shared `cbench` parent and never remove it; a busy one stays.
            if let host = try? CgroupHost.current() { Cgroup.removeEmptyProjectParents(host: host) }
            owner.release()
            Self.removeRunDirectories(context)
        }
        let runner = ScenarioRunner(
            targets: targetNames.compactMap { TargetCatalog.target(named: $0, context: context, environment: environment) },
            progress: progress, stop: stop, workDirectory: context.workDirectory, probe: probe, runTag: tag)
        runner.pinnedCPUs = pinnedCPUs
        runner.teardownActivity = HostTeardownActivity.current()
        let resultsURL = outDirectory.appendingPathComponent("results.json")
        // A failed partial save loses nothing yet: the final write below says if it fails too.
        runner.saveProgress = { document in try? document.write(to: resultsURL) }
        let document = runner.run(suite) { versions in EnvironmentCollector.collect(targetVersions: versions) }
        try document.write(to: resultsURL)
        let reportWarnings = try writeReports(document, outDirectory)
        return Outcome(document: document, resultsURL: resultsURL, reportWarnings: reportWarnings)
    }
}
