import Foundation
import Glibc
import NamespaceCore
import Results
import Scenarios
import Testing

/// The row "several containers on one server" for real: the shipped features.yaml's small
/// density ramps keep 100 containers at once on cbench-app and on cbench-system, and the
/// first and the 100th are seen from the host in namespaces of their own.
@Suite(.serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct ScaleRowRunTests {
    @Test(arguments: [("several-containers", "cbench-app"), ("several-system-containers", "cbench-system")])
    func aHundredRunAtOnceEachIsolated(scenario: String, target: String) throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try FeatureRowsRunTests.run(scenario, targets: [target], into: out)
        let cell = outcome.document.features.first { $0.feature == ScaleRow.feature && $0.target == target }
        #expect(cell?.outcome == .supported, "\(target): \(cell?.detail ?? "missing") \(cell?.evidence ?? "")")
        #expect(cell?.evidence.contains("100 of 100 running at once") == true)
        #expect(cell?.evidence.contains("the two share none of the pid, mnt, net, uts, ipc namespaces") == true)
        let definition = outcome.document.scenarios.flatMap(\.features).first { $0.name == ScaleRow.feature }
        #expect(definition?.group == "scale" && definition?.references["article (2015): LXC"] == "yes")
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
