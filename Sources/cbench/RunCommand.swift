import ArgumentParser
import Foundation
import NamespaceCore
import Reports
import Results
import Scenarios
import Targets

/// `cbench run [FILES...]`: runs scenario files on every installed target and writes
/// Results/<date>-<suite>/results.json with its reports.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenario files on every installed target; write results.json and the reports.",
        discussion: """
            Exit codes: 0 every step succeeded (and, with --baseline, nothing changed); 3 a step failed (results \
            written, failures listed); 5 with --baseline: the run lacks a target or metric the baseline had; 2 with \
            --baseline: a regression; 4 with --baseline: improvements only; 64 a bad scenario file or option; \
            130 stopped by Ctrl-C or SIGTERM (partial results written); 1 any other error.
            """)

    @Argument(help: "Scenario files (default: Scenarios/quick.yaml of this build or install).")
    var files: [String] = []

    @Option(help: "Comma-separated targets to run (default: every target the scenarios name).")
    var targets: String?

    @Option(help: "Results directory (default: Results/<date>-<suite> of this build or install).")
    var out: String?

    @Option(help: "Judge the run against this saved baseline, by ratios to the reference target.")
    var baseline: String?

    @Option(help: "The reference target of --baseline's ratios (default: crun when both runs have it).")
    var reference: String?

    @Option(help: "Thresholds, e.g. ratio=50% for --baseline (default: the scenarios' own `thresholds`).")
    var threshold: String?

    @Option(help: "Run the suite this many times back to back and report how well the runs agree.")
    var `repeat`: Int = 1

    @Option(help: "Pin the run and everything it starts to these CPUs, e.g. 1 or 0-1.")
    var cpus: String?

    @Option(help: "Run on every host of this Ansible-style INI inventory over ssh instead of here; results in OUT/hosts/NAME/.")
    var hosts: String?

    @Option(help: "With --hosts: only this group or host.")
    var limit: String?

    @Flag(help: "No progress output.")
    var quiet = false

    @Flag(help: "A line per step with its phases.")
    var verbose = false

    func run() throws {
        if let hosts {
            return try RemoteRunCommand.run(inventoryPath: hosts, limit: limit, files: files, targets: targets, out: out)
        }
        let environment = ProcessInfo.processInfo.environment
        let layout = InstallLayout.current
        let paths = try files.isEmpty ? [RunCommand.defaultScenarioFile(layout)] : files
        let parser = ScenarioParser(busyboxRootfs: TargetContext.defaultBusyboxRootfs(environment: environment))
        var scenarios: [Scenario] = []
        var names: [String] = []
        for path in paths {
            do {
                let suite = try parser.parse(file: path)
                scenarios += suite.scenarios
                names.append(suite.name)
            } catch let error as ScenarioError {
                throw CommandFailure.exit(error.description, code: error.isMissingFile ? 1 : RunExitCode.badInput)
            }
        }
        let suite = ScenarioSuite(name: names.joined(separator: "+"), scenarios: scenarios)
        let wanted = try RunCommand.targetNames(option: targets, scenarios: scenarios)
        guard `repeat` >= 1 else { throw CommandFailure.exit("--repeat wants at least 1, got \(`repeat`)", code: RunExitCode.badInput) }
        let pinned = try cpus.map { text -> [Int] in
            guard let list = CPUPinning.parse(text) else { throw CommandFailure.exit("--cpus '\(text)' is not a CPU list such as 0 or 0-1", code: RunExitCode.badInput) }
            return list
        }
        guard getuid() == 0 else { throw CommandFailure.exit("cbench run starts containers: run it as root", code: 1) }
        // Load the baseline before anything runs: a typo should not cost a whole run.
        let base = try baseline.map { try BaselineStore(resultsRoot: CommandFailure.resultsRoot()).load($0) }
        let thresholds: Thresholds
        do {
            thresholds = try RunCommand.thresholds(option: threshold, scenarios: scenarios)
        } catch {
            throw CommandFailure.exit("\(error)", code: RunExitCode.badInput)
        }
        if let pinned { try CPUPinning.pin(pinned) }
        let stop = StopSignal()
        stop.installHandlers()
        let progress = Progress(verbosity: quiet ? .quiet : (verbose ? .verbose : .normal))
        let directory = try out.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? CommandFailure.resultsRoot().appendingPathComponent("\(RunCommand.today())-\(suite.name)", isDirectory: true)

        var documents: [ResultsDocument] = []
        for round in 1...`repeat` {
            let target = `repeat` == 1 ? directory : directory.appendingPathComponent("run-\(round)", isDirectory: true)
            var session = SuiteSession(suite: suite, targetNames: wanted, outDirectory: target, progress: progress, stop: stop,
                                       environment: environment, writeReports: ReportWriter.runReports)
            session.pinnedCPUs = pinned
            let outcome = try session.execute()
            for warning in outcome.reportWarnings { progress.note("warning: \(warning)") }
            for warning in PerformanceTable(outcome.document).failureWarnings { progress.note("warning: \(warning)") }
            print(outcome.resultsURL.path + (outcome.document.partial ? " (partial)" : ""))
            documents.append(outcome.document)
            if outcome.document.partial { break }
        }
        guard let last = documents.last else { return }
        if documents.count > 1 {
            let reproducibility = Reproducibility(documents, reference: reference ?? ReportWriter.defaultReference(last))
            let text = reproducibility.markdown()
            try? FileIO.replace(directory.appendingPathComponent("repeat.md").path, Array(text.utf8), mode: 0o644)
            print(text)
        }
        // An interrupted run exits 130 like a shell does after Ctrl-C; its partial results
        // are not compared with a baseline.
        if last.partial { throw ExitCode(RunExitCode.interrupted) }
        var verdict: Int32 = 0
        if let base {
            let chosen = reference ?? RunCommand.commonReference(base, last)
            guard let chosen else { throw CommandFailure.exit("no reference target in both the baseline and this run: name one with --reference", code: 1) }
            let judgement = BaselineJudgement(base: base, new: last, reference: chosen, tolerance: thresholds.ratioTolerance)
            print(judgement.renderText())
            verdict = judgement.exitCode
        }
        if documents.contains(where: { !$0.failures.isEmpty }) {
            progress.note("some steps failed: see failures.md; exit \(RunExitCode.stepsFailed)")
            throw ExitCode(RunExitCode.stepsFailed)
        }
        if verdict != 0 { throw ExitCode(verdict) }
    }

    /// Scenarios/quick.yaml of the build tree or install prefix.
    static func defaultScenarioFile(_ layout: InstallLayout) throws -> String {
        guard let directory = layout.scenariosDirectory else {
            throw CommandFailure.exit("cannot find the scenario files: \(layout.searchedText); name a file", code: 1)
        }
        return directory + "/quick.yaml"
    }

    /// `--targets` when given (each must be known), else every target the scenarios name.
    static func targetNames(option: String?, scenarios: [Scenario]) throws -> [String] {
        guard let option else { return SuiteSession.defaultTargets(for: scenarios) }
        let requested = option.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        for name in requested where !TargetCatalog.names.contains(name) {
            throw CommandFailure.exit("unknown target '\(name)' (known: \(TargetCatalog.names.joined(separator: ", ")))", code: RunExitCode.badInput)
        }
        return SuiteSession.targets(requested, for: scenarios)
    }

    /// crun when both documents ran it, else the first target both ran.
    static func commonReference(_ base: ResultsDocument, _ new: ResultsDocument) -> String? {
        let ran = { (document: ResultsDocument) in Set(document.measurements.map(\.target)) }
        let both = ran(base).intersection(ran(new))
        if both.contains("crun") { return "crun" }
        return new.targets.map(\.name).first { both.contains($0) && $0 != "noop" }
    }

    /// `--threshold` when given, else the scenarios' `thresholds` (a later file's value wins).
    static func thresholds(option: String?, scenarios: [Scenario]) throws -> Thresholds {
        let fromFiles = scenarios.flatMap { $0.thresholds.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
        let text = option ?? fromFiles.joined(separator: ",")
        do {
            return text.isEmpty ? .standard : try Thresholds(parsing: text)
        } catch {
            throw ReportError(stage: "thresholds '\(text)'", detail: "\(error)")
        }
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}
