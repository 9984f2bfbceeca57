import ArgumentParser
import Foundation
import NamespaceCore
import Reports
import Results

/// `cbench merge [--hosts-file hosts.json] [NAME=]RESULTS.json ... --out DIR`: one results
/// document and report from several hosts' runs, with the host on every sample, table row
/// and feature cell and each host's environment; a host without results is marked failed.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Combine results from several hosts into one results.json and report, with a host column.",
        discussion: """
            Each input is NAME=RESULTS.json, or a path whose directory names the host (OUT/hosts/NAME/results/results.json \
            from `cbench run --hosts`, FLEET/NAME/results.json from the playbook). --hosts-file takes the hosts.json of \
            `cbench run --hosts`: its failed hosts appear as failed, with their error.
            """)

    @Argument(help: "Results files: NAME=PATH or PATH.")
    var results: [String] = []

    @Option(name: .customLong("hosts-file"), help: "The hosts.json of `cbench run --hosts` (hosts that failed are marked so).")
    var hostsFile: String?

    @Option(help: "Directory of the merged results.json and reports (default: Results/<date>-merged).")
    var out: String?

    func run() throws {
        guard !results.isEmpty || hostsFile != nil else {
            throw ValidationError("give results files (NAME=PATH or PATH) or --hosts-file OUT/hosts.json")
        }
        let outcomes: [HostResultsInput.Outcome]
        do { outcomes = try hostsFile.map(HostResultsInput.outcomes(from:)) ?? [] } catch {
            throw ValidationError("--hosts-file \(hostsFile ?? ""): not a hosts.json of `cbench run --hosts`: \(error)")
        }
        let inputs = HostResultsInput.collect(arguments: results, outcomes: outcomes)
        let names = inputs.map(\.name)
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw ValidationError("host \(twice) is given twice: name the files NAME=PATH")
        }
        let directory = out ?? "Results/\(RunCommand.today())-merged"
        let summary = try Self.write(inputs, into: directory)
        print(summary)
        if inputs.contains(where: { if case .failure = $0.outcome { true } else { false } }) { throw ExitCode(1) }
    }

    /// Writes DIR/results.json and the reports; one line saying what went in.
    static func write(_ inputs: [ResultsDocument.HostResults], into directory: String) throws -> String {
        let document = ResultsDocument.merged(inputs)
        try FileIO.makeDirectories(directory, mode: 0o755)
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        try document.write(to: url.appendingPathComponent("results.json"))
        for warning in try ReportWriter.runReports(document, into: url) {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let lines = (document.hosts ?? []).map { host in
            host.status == .ok ? "\(host.name): ok" : "\(host.name): FAILED (\(host.error ?? "no results"))"
        }
        return (lines + ["\(directory)/results.json: \(inputs.count) hosts merged"]).joined(separator: "\n")
    }
}
