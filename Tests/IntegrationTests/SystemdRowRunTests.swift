import Foundation
import Glibc
import NamespaceCore
import Results
import Scenarios
import Testing

/// The row "real init with several services" for real: cbench-system boots its Debian
/// template to "running" with two services or more; cbench-app's cell is measured too
/// (whatever it is, with systemctl's words or the init it found as evidence).
@Suite(.serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct SystemdRowRunTests {
    @Test func systemdBootsWithServicesInACbenchSystemContainer() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try FeatureRowsRunTests.run("systemd-services", targets: FeatureRowsRunTests.targets, into: out)
        let cells = outcome.document.features.filter { $0.feature == "real init with several services" }
        let system = cells.first { $0.target == "cbench-system" }
        #expect(system?.outcome == .supported, "\(system?.detail ?? "missing") \(system?.evidence ?? "")")
        #expect(system?.evidence.contains("systemd-journald.service") == true)
        let app = cells.first { $0.target == "cbench-app" }
        #expect(app != nil && app?.outcome != .failed, "cbench-app: \(app?.detail ?? "missing") \(app?.evidence ?? "")")
        #expect(app?.evidence.contains("$ systemctl is-system-running --wait") == true)
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
