import ArgumentParser
import Foundation
import Reports
import Results

/// `cbench compare BASE NEW`: every metric's change with its significance; exit 0 without a
/// regression, 2 with one, 4 with improvements only.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Compare two results files; exit 0 (unchanged), 2 (regression) or 4 (improvement only).")

    @Argument(help: "The base results.json.")
    var base: String

    @Argument(help: "The new results.json.")
    var new: String

    @Option(help: "Thresholds, e.g. p50=5%,p90=10%,cv=50%,alpha=0.05.")
    var threshold: String?

    func run() throws {
        let thresholds = try threshold.map { try Thresholds(parsing: $0) } ?? .standard
        let comparison = Comparison(
            base: try ResultsDocument.load(from: URL(fileURLWithPath: base)),
            new: try ResultsDocument.load(from: URL(fileURLWithPath: new)), thresholds: thresholds)
        print(comparison.renderText())
        if comparison.exitCode != 0 { throw ExitCode(comparison.exitCode) }
    }
}
