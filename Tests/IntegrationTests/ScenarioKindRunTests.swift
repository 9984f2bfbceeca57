import Foundation
import Glibc
import NamespaceCore
import Reports
import Results
import Scenarios
import Targets
import Testing

/// The plug-in kinds and reference targets for real: an image-unpack scenario on cbench's
/// store and umoci, and the `unshare` floor beside crun. In ScenarioRunTests' serialized
/// suite, so the runs' cgroups are not mistaken for each other.
extension ScenarioRunTests {
    static let kindSuite = """
    suite: kinds
    scenarios:
      - name: unpack
        kind: image-unpack
        targets: [cbench-app-lib, umoci]
        megabytes: 4
        iterations: 2
      - name: floor
        kind: performance
        targets: [unshare, crun]
        rootfs: busybox
        iterations: 2
        workload:
          command: ["true"]
        metrics: [create-to-exit]
    """

    @Test(.enabled(if: ExecutablePath.find("umoci", environment: ProcessInfo.processInfo.environment) != nil, "needs umoci"))
    func imageUnpackAndTheFloorRunThroughTheSharedEngine() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let suite = try ScenarioParser(busyboxRootfs: ScenarioTestSupport.busyboxRootfs)
            .parse(text: Self.kindSuite, file: "kinds.yaml", defaultName: "kinds")
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let document = try ScenarioTestSupport.execute(suite, into: out).document

        #expect(document.failures.isEmpty, "\(document.failures)")
        for target in ["cbench-app-lib", "umoci"] {
            let series = document.measurements.first { $0.scenario == "unpack" && $0.metric == "unpack" && $0.target == target }
            #expect(series?.samples.count == 2, "unpack samples of \(target)")
            #expect(document.definition(scenario: "unpack", metric: "unpack")?.coverage(of: target) != nil)
        }
        let image = try #require(document.tables.first { $0.scenario == "unpack" && $0.name == "image" })
        #expect(image.rows.first?.first == .number(4))
        for target in ["unshare", "crun"] {
            let series = document.measurements.first { $0.scenario == "floor" && $0.target == target }
            #expect(series?.samples.count == 2, "floor samples of \(target)")
        }
        #expect(document.scenario(named: "unpack")?.kind == "image-unpack")
        #expect(FileManager.default.fileExists(atPath: "\(out)/image-unpack.md"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/failures.md"))
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
