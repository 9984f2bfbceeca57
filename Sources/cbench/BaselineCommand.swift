import ArgumentParser
import Foundation
import NamespaceCore
import Reports
import Results

/// `cbench baseline save NAME [RESULTS.json]`: keeps a results file as Results/baselines/NAME.json.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Named baselines under Results/baselines/.",
        subcommands: [Save.self, List.self])

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save a results file (default: the newest under Results/) as NAME.")

        @Argument(help: "Baseline name ([A-Za-z0-9._-]).")
        var name: String

        @Argument(help: "The results.json to keep.")
        var results: String?

        func run() throws {
            let root = try CommandFailure.resultsRoot()
            guard let source = results ?? BaselineCommand.newestResults(in: root.path) else {
                throw CommandFailure.exit("no results under \(root.path): name a results.json", code: 1)
            }
            let document = try CompareCommand.load(source)
            let saved = try BaselineStore(resultsRoot: root).save(document, as: name)
            print(saved.path)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List saved baselines.")
        func run() throws {
            for name in try BaselineStore(resultsRoot: CommandFailure.resultsRoot()).names() { print(name) }
        }
    }

    /// The most recently modified Results/*/results.json.
    static func newestResults(in root: String) -> String? {
        let entries = (try? FileIO.names(in: root)) ?? []
        return entries.filter { $0 != "baselines" }
            .map { "\(root)/\($0)/results.json" }
            .filter { FileManager.default.fileExists(atPath: $0) }
            .max { modified($0) < modified($1) }
    }

    private static func modified(_ path: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
