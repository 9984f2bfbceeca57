import Foundation
import Glibc
import NamespaceCore
import Results
import Scenarios
import Testing

/// The row "unprivileged: container root on an unprivileged host uid" for real: cbench-app
/// and cbench-system map container root to host uid 100000, by default or with their own
/// option, as the host sees their init.
@Suite(.serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct UnprivilegedRootRunTests {
    @Test func containerRootIsAnUnprivilegedHostUID() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try FeatureRowsRunTests.run("unprivileged-root", targets: FeatureRowsRunTests.targets, into: out)
        for target in FeatureRowsRunTests.targets {
            let cell = outcome.document.features.first { $0.feature == "unprivileged: container root on an unprivileged host uid" && $0.target == target }
            #expect(cell?.outcome == .supported, "\(target): \(cell?.detail ?? "missing") \(cell?.evidence ?? "")")
            #expect(cell?.evidence.contains("init's uid on the host 100000; uid_map 0 100000 65536") == true, "\(cell?.evidence ?? "")")
        }
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
