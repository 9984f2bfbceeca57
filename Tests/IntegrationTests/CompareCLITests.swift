import Foundation
import Testing
import NamespaceCore

/// `cbench compare BASE NEW` through the CLI with each of its exit codes: the committed CI
/// baseline (a real run: crun, runc, cbench-oci and cbench-oci-lib, 20 samples each) against
/// itself (0), against a copy whose cbench-oci samples are ten times slower (2) or ten times
/// faster (4), against one without cbench-oci (5), and a bad --threshold (64).
@Suite(.hostLeakCheck, .enabled(if: OCITestHarness.builtExecutable("cbench") != nil, "needs a built cbench"))
struct CompareCLITests {
    /// Results/baselines/ci.json of this checkout.
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Results/baselines/ci.json").path

    enum Variant: String, CaseIterable, Sendable {
        case same, slower, faster, withoutTarget, badThreshold

        var code: Int32 {
            switch self {
            case .same: 0
            case .slower: 2
            case .faster: 4
            case .withoutTarget: 5
            case .badThreshold: 64
            }
        }

        /// What the last line (or, for 64, the one error line) says.
        var summary: String {
            switch self {
            case .same: "exit 0: no significant change"
            case .slower: "exit 2: a regression"
            case .faster: "exit 4: improvements only"
            case .withoutTarget: "exit 5: the new run lacks a target or metric the base had"
            case .badThreshold: "cbench: --threshold: "
            }
        }

        /// The new document, from the base's JSON object.
        func edit(_ document: inout [String: Any]) {
            var measurements = document["measurements"] as? [[String: Any]] ?? []
            switch self {
            case .same, .badThreshold: return
            case .withoutTarget: measurements.removeAll { $0["target"] as? String == "cbench-oci" }
            case .slower, .faster:
                for index in measurements.indices where measurements[index]["target"] as? String == "cbench-oci" {
                    let samples = measurements[index]["samples"] as? [Double] ?? []
                    measurements[index]["samples"] = samples.map { $0 * (self == .slower ? 10 : 0.1) }
                    measurements[index].removeValue(forKey: "summary")
                }
            }
            document["measurements"] = measurements
        }
    }

    @Test(arguments: Variant.allCases)
    func exitCodeAndSummary(_ variant: Variant) throws {
        let cbench = try #require(OCITestHarness.builtExecutable("cbench"))
        let directory = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = try Data(contentsOf: URL(fileURLWithPath: Self.committed))
        var document = try #require(try JSONSerialization.jsonObject(with: base) as? [String: Any])
        #expect((document["measurements"] as? [[String: Any]])?.contains { $0["target"] as? String == "cbench-oci" } == true)
        variant.edit(&document)
        let new = directory + "/new.json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: new))

        let threshold = variant == .badThreshold ? ["--threshold", "p50=lots"] : []
        let outcome = try Spawn([cbench, "compare", Self.committed, new] + threshold).run()
        #expect(outcome.status == variant.code, "\(outcome.stdout)\(outcome.stderr)")
        if variant == .badThreshold {
            #expect(outcome.stderr.hasPrefix(variant.summary) && outcome.stderr.contains("lots"), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1 && outcome.stdout.isEmpty, "\(outcome.stderr)")
            return
        }
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.last?.hasSuffix(variant.summary) == true, "\(outcome.stdout)")
        let rows = lines.filter { $0.contains("cbench-oci ") && $0.contains("create-to-exit") }
        switch variant {
        case .slower: #expect(rows.count == 1 && rows.allSatisfy { $0.contains(" REGRESSION ") }, "\(outcome.stdout)")
        case .faster: #expect(rows.count == 1 && rows.allSatisfy { $0.contains(" IMPROVEMENT ") }, "\(outcome.stdout)")
        case .withoutTarget:
            #expect(rows.isEmpty)
            #expect(lines.contains { $0.hasPrefix("MISSING in the new run: ") && $0.contains("cbench-oci") }, "the lost target is named: \(outcome.stdout)")
        default: #expect(rows.count == 1 && rows.allSatisfy { $0.contains(" UNCHANGED ") }, "\(outcome.stdout)")
        }
    }
}
