import Foundation
import Glibc
import NamespaceCore
import Results
import Scenarios
import Testing

/// The row "persistent root" for real: the count a container wrote in its root is there
/// when the same container starts again, on cbench-app and cbench-system; runc refuses to
/// start its stopped container.
@Suite(.serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct PersistentRootRunTests {
    @Test func aFileWrittenInsideSurvivesStopAndStart() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try FeatureRowsRunTests.run("persistent-root", targets: FeatureRowsRunTests.targets + ["runc"], into: out)
        let cells = outcome.document.features.filter { $0.feature == "persistent root" }
        for target in FeatureRowsRunTests.targets {
            let cell = cells.first { $0.target == target }
            #expect(cell?.outcome == .supported, "\(target): \(cell?.detail ?? "missing") \(cell?.evidence ?? "")")
            #expect(cell?.evidence.contains("second run of the same container: cbench-persisted 2") == true)
        }
        let runc = cells.first { $0.target == "runc" }
        #expect(runc?.outcome == .notSupported, "runc: \(runc?.detail ?? "missing") \(runc?.evidence ?? "")")
        #expect(runc?.evidence.contains("start of the stopped container refused") == true)
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
