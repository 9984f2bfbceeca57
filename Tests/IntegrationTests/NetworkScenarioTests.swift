import Foundation
import Glibc
import NamespaceCore
import Reports
import Results
import Scenarios
import Targets
import Testing

/// The network kind for real, with small counts: two lab hosts made for the run, a pair of
/// every target on a bridge, over the overlay and over the routed network, the bare
/// baseline, Docker's and podman's refusals across hosts with their evidence, and nothing left afterwards.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && LabTestSupport.canRun, "needs root, sshd and the busybox rootfs"))
struct NetworkScenarioTests {
    static let suite = """
    suite: net
    scenarios:
      - name: network
        kind: network
        targets: [cbench-app, cbench-system, lxc, docker, podman-crun]
        rootfs: busybox
        round-trips: 200
        round-trip-seconds: 10
        throughput-seconds: 1
        timeout: 120
    """

    @Test func everyPlacementOfEveryTargetAgainstTheBareBaseline() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let suite = try ScenarioParser(busyboxRootfs: ScenarioTestSupport.busyboxRootfs).parse(text: Self.suite, file: "net.yaml", defaultName: "net")
        let before = Set(Leftovers.find().map(\.summary))
        let document = try ScenarioTestSupport.execute(suite, into: out).document

        #expect(document.failures.isEmpty, "\(document.failures)")
        func samples(_ target: String, _ placement: String, _ metric: String) -> Int {
            document.measurements.first { $0.target == target && $0.metric == metric && $0.parameters["placement"] == placement }?.samples.count ?? 0
        }
        #expect(samples("bare", "host-to-host", "tcp-rtt") == 200)
        #expect(samples("bare", "host-to-host", "throughput") == 1)
        for target in ["cbench-app", "cbench-system", "lxc"] {
            for placement in ["bridge", "overlay", "routed"] {
                #expect(samples(target, placement, "tcp-rtt") == 200, "\(target) \(placement)")
                #expect(samples(target, placement, "udp-rtt") > 0, "\(target) \(placement)")
                #expect(samples(target, placement, "throughput") == 1, "\(target) \(placement)")
            }
            let cell = document.features.first { $0.feature == NetworkKind.feature && $0.target == target }
            #expect(cell?.outcome == .supported, "\(target): \(cell?.evidence ?? "no cell")")
        }
        #expect(samples("docker", "bridge", "tcp-rtt") == 200)
        let docker = try #require(document.features.first { $0.feature == NetworkKind.feature && $0.target == "docker" })
        #expect(docker.outcome == .notSupported && docker.evidence.contains("swarm"), "\(docker.evidence)")
        #expect(document.notes.contains { $0.target == "docker" && $0.text.hasPrefix("overlay: not supported without swarm") })
        #expect(samples("podman-crun", "bridge", "tcp-rtt") == 200)
        let podman = try #require(document.features.first { $0.feature == NetworkKind.feature && $0.target == "podman-crun" })
        #expect(podman.outcome == .notSupported && podman.evidence.contains("overlay"), "\(podman.evidence)")
        let part = try String(contentsOfFile: "\(out)/network.md", encoding: .utf8)
        #expect(part.contains("| bare | host-to-host |") && part.contains("| lxc | overlay |"))
        let leaked = Set(Leftovers.find().map(\.summary)).subtracting(before)
        #expect(leaked.isEmpty, "\(leaked.sorted())")
    }
}
