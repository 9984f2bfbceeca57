import Foundation
import Glibc
import NamespaceCore
import Results
import Scenarios
import Testing

/// The row "snapshots and clones" for real: on cbench-app (commit and create) and
/// cbench-system (clone) the clone runs with the original's file and its change stays out
/// of the original; runc has no clone of its own.
@Suite(.serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct SnapshotCloneRunTests {
    @Test func aCloneRunsWithTheOriginalsRootAndKeepsItsChanges() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try FeatureRowsRunTests.run("snapshots-clones", targets: FeatureRowsRunTests.targets + ["runc"], into: out)
        let cells = outcome.document.features.filter { $0.feature == "snapshots and clones" }
        for target in FeatureRowsRunTests.targets {
            let cell = cells.first { $0.target == target }
            #expect(cell?.outcome == .supported, "\(target): \(cell?.detail ?? "missing") \(cell?.evidence ?? "")")
            #expect(cell?.evidence.contains("original, started again after the clone ran: cbench-persisted 2") == true)
        }
        #expect(cells.first { $0.target == "runc" }?.outcome == .notApplicable)
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
