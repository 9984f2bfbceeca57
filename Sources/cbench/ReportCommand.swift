import ArgumentParser
import Foundation
import Reports
import Results

/// `cbench report RESULTS.json`: writes the reports next to a results file again.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write features/performance tables, plots and report.html next to RESULTS.json.")

    @Argument(help: "A results.json written by cbench run.")
    var results: String

    @Option(help: "Target the ratios divide by (default: crun when it ran).")
    var reference: String?

    func run() throws {
        let url = URL(fileURLWithPath: results)
        let document = try CompareCommand.load(results)
        let output = try ReportWriter(reference: reference ?? ReportWriter.defaultReference(document))
            .write(document, into: url.deletingLastPathComponent())
        for warning in output.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        for file in output.files where !file.path.contains("/plots/") { print(file.path) }
    }
}
