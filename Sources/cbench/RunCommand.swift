import ArgumentParser
import Foundation
import NamespaceCore
import Reports
import Runtimes
import Scenarios

/// `cbench run [FILES...]`: runs scenario files on every installed target and writes
/// Results/<date>-<suite>/results.json with its reports.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenario files on every installed target; write results.json and the reports.")

    @Argument(help: "Scenario files (default: Scenarios/quick.yaml).")
    var files: [String] = []

    @Option(help: "Comma-separated targets to run (default: every target the scenarios name).")
    var targets: String?

    @Option(help: "Results directory (default: Results/<date>-<suite>).")
    var out: String?

    @Option(help: "Compare the run with this saved baseline afterwards (exit 2 on a regression).")
    var baseline: String?

    @Flag(help: "No progress output.")
    var quiet = false

    @Flag(help: "A line per step with its phases.")
    var verbose = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let paths = files.isEmpty ? ["Scenarios/quick.yaml"] : files
        let parser = ScenarioParser(busyboxRootfs: TargetContext.defaultBusyboxRootfs(environment: environment))
        var scenarios: [Scenario] = []
        var names: [String] = []
        for path in paths {
            do {
                let suite = try parser.parse(file: path)
                scenarios += suite.scenarios
                names.append(suite.name)
            } catch let error as ScenarioError {
                throw ValidationError(error.description)
            }
        }
        let suite = ScenarioSuite(name: names.joined(separator: "+"), scenarios: scenarios)
        var wanted = TargetCatalog.names.filter { name in scenarios.contains { $0.targets?.contains(name) ?? true } }
        if let targets {
            let requested = targets.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            for name in requested where !TargetCatalog.names.contains(name) {
                throw ValidationError("unknown target '\(name)' (known: \(TargetCatalog.names.joined(separator: ", ")))")
            }
            wanted = requested
        }
        guard getuid() == 0 else { throw ValidationError("cbench run starts containers: run it as root") }
        try ProcessLiveness.becomeSubreaper()

        let tag = "\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let context = TargetContext(
            workDirectory: "/tmp/cbench-run-\(tag)", stateRoot: "\(ProjectDirectories.runtime)/engine/\(tag)",
            smokeRootfs: TargetContext.defaultBusyboxRootfs(environment: environment))
        try FileManager.default.createDirectory(atPath: context.workDirectory, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(atPath: context.workDirectory)
            try? FileManager.default.removeItem(atPath: context.stateRoot)
            ProjectDirectories.removeIfEmpty(["\(ProjectDirectories.runtime)/engine"])
        }
        let stop = StopSignal()
        stop.installHandlers()
        let progress = Progress(verbosity: quiet ? .quiet : (verbose ? .verbose : .normal))
        let runner = ScenarioRunner(
            targets: wanted.compactMap { TargetCatalog.target(named: $0, context: context, environment: environment) },
            progress: progress, stop: stop, workDirectory: context.workDirectory, probe: ProbeLocator.find())
        let document = runner.run(suite) { versions in EnvironmentCollector.collect(targetVersions: versions) }

        let directory = URL(fileURLWithPath: out ?? "Results/\(RunCommand.today())-\(suite.name)", isDirectory: true)
        let resultsURL = directory.appendingPathComponent("results.json")
        try document.write(to: resultsURL)
        let output = try ReportWriter(reference: RunCommand.reference(document)).write(document, into: directory)
        for warning in output.warnings { progress.note("warning: \(warning)") }
        print(resultsURL.path + (document.partial ? " (partial)" : ""))
        if let baseline {
            let base = try BaselineStore(resultsRoot: URL(fileURLWithPath: "Results")).load(baseline)
            let comparison = Comparison(base: base, new: document)
            print(comparison.renderText())
            if comparison.exitCode != 0 { throw ExitCode(comparison.exitCode) }
        }
        if document.partial { throw ExitCode(130) }
    }

    /// Ratios divide by crun when it ran (the reference runtime of issue 6).
    static func reference(_ document: ResultsDocument) -> String? {
        document.targets.contains { $0.name == "crun" && $0.skipped == nil } ? "crun" : nil
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}
