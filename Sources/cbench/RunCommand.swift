import ArgumentParser
import Foundation
import NamespaceCore
import Reports
import Scenarios
import Targets

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

    @Option(help: "Thresholds for --baseline, e.g. p50=5%,p90=10% (default: the scenarios' own `thresholds`, else p50=5%,p90=10%,cv=50%).")
    var threshold: String?

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
        var wanted = SuiteSession.defaultTargets(for: scenarios)
        if let targets {
            let requested = targets.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            for name in requested where !TargetCatalog.names.contains(name) {
                throw ValidationError("unknown target '\(name)' (known: \(TargetCatalog.names.joined(separator: ", ")))")
            }
            wanted = requested
        }
        guard getuid() == 0 else { throw ValidationError("cbench run starts containers: run it as root") }
        // Load the baseline before anything runs: a typo should not cost a whole run.
        let base = try baseline.map { try BaselineStore(resultsRoot: URL(fileURLWithPath: "Results")).load($0) }
        let thresholds = try RunCommand.thresholds(option: threshold, scenarios: scenarios)
        let stop = StopSignal()
        stop.installHandlers()
        let progress = Progress(verbosity: quiet ? .quiet : (verbose ? .verbose : .normal))
        let session = SuiteSession(
            suite: suite, targetNames: wanted,
            outDirectory: URL(fileURLWithPath: out ?? "Results/\(RunCommand.today())-\(suite.name)", isDirectory: true),
            progress: progress, stop: stop, environment: environment, writeReports: ReportWriter.runReports)
        let outcome = try session.execute()
        for warning in outcome.reportWarnings { progress.note("warning: \(warning)") }
        print(outcome.resultsURL.path + (outcome.document.partial ? " (partial)" : ""))
        // An interrupted run exits 130 like a shell does after Ctrl-C; its partial results
        // are not compared with a baseline.
        if outcome.document.partial { throw ExitCode(130) }
        if let base {
            let comparison = Comparison(base: base, new: outcome.document, thresholds: thresholds)
            print(comparison.renderText())
            if comparison.exitCode != 0 { throw ExitCode(comparison.exitCode) }
        }
    }

    /// `--threshold` when given, else the scenarios' `thresholds` (a later file's value wins).
    static func thresholds(option: String?, scenarios: [Scenario]) throws -> Thresholds {
        let fromFiles = scenarios.flatMap { $0.thresholds.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
        let text = option ?? fromFiles.joined(separator: ",")
        do {
            return text.isEmpty ? .standard : try Thresholds(parsing: text)
        } catch {
            throw ValidationError("thresholds '\(text)': \(error)")
        }
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}
