import Foundation
import NamespaceCore
import SystemContainers

extension MigrationRun {
    /// The run a `cbench system|app migrate --json` printed as its last line of `output`.
    init(summaryOutput output: String, stage: String) throws {
        guard let line = output.split(separator: "\n").last,
              let summary = try? JSONDecoder().decode(MigrationSummary.self, from: Data(line.utf8)) else {
            throw CoreError(stage: stage, detail: "no migration summary in '\(output.prefix(200))'")
        }
        self.init(phases: summary.steps,
                  parts: summary.parts ?? [],
                  bytesMoved: summary.bytesMoved, frozenMilliseconds: summary.frozenMilliseconds, pagesWritten: summary.pagesWritten)
    }
}
