import Foundation
import Glibc
import Results
import Testing

/// One scenario of the shipped features.yaml run for real on a few targets, for the tests of
/// a row: the row's cells by target, after a check that the run left nothing behind.
struct FeatureRowRun {
    var cells: [String: FeatureResult]
    var document: ResultsDocument

    init(_ scenario: String, feature: String, targets: [String]) throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        document = try FeatureRowsRunTests.run(scenario, targets: targets, into: out).document
        var cells: [String: FeatureResult] = [:]
        for cell in document.features where cell.feature == feature { cells[cell.target] = cell }
        self.cells = cells
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }

    /// "target: detail evidence", for an expectation's message.
    func shown(_ target: String) -> String {
        "\(target): \(cells[target]?.detail ?? "missing") \(cells[target]?.evidence ?? "")"
    }
}
