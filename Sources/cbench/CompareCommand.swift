import ArgumentParser
import Foundation
import Reports
import Results

/// `cbench compare BASE NEW`: every metric's change with its significance.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two results files; exit 0 (unchanged), 2 (regression), 4 (improvement only) or 5 (the new run lacks what the base had).",
        discussion: "A metric that turned noisy counts as a regression. Exit 1: a file cannot be read (the message names it).")

    @Argument(help: "The base results.json.")
    var base: String

    @Argument(help: "The new results.json.")
    var new: String

    @Option(help: "Thresholds, e.g. p50=5%,p90=10%,cv=50%,alpha=0.05.")
    var threshold: String?

    func run() throws {
        let thresholds: Thresholds
        do {
            thresholds = try threshold.map { try Thresholds(parsing: $0) } ?? .standard
        } catch {
            throw CommandFailure.exit("--threshold: \(error)", code: 64)
        }
        let comparison = Comparison(base: try CompareCommand.load(base), new: try CompareCommand.load(new), thresholds: thresholds)
        print(comparison.renderText())
        if comparison.exitCode != 0 { throw ExitCode(comparison.exitCode) }
    }

    /// A results file, or a one-line error that names it.
    static func load(_ path: String) throws -> ResultsDocument {
        try CommandFailure.requireFile(path)
        do {
            return try ResultsDocument.load(from: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure.exit("\(path): \(error)", code: 1)
        }
    }
}
