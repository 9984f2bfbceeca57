import Foundation
import Glibc
import NamespaceCore
import Reports
import Results
@testable import Scenarios
import Targets
import Testing

/// What a live run owns is not a leftover for anyone else's `cbench cleanup` or leak check.
/// In ScenarioRunTests' serialized suite.
extension ScenarioRunTests {
    /// Starts one long-lived container, then asks the leak check what it sees: with the live
    /// owners spared (what `cbench cleanup` does) and without (what it would do otherwise).
    struct LookAtLeftoversKind: ScenarioKind {
        static let name = "look-at-leftovers"
        static let keys: Set<String> = []
        init(fields: ScenarioFields) throws {}
        init() {}
        var requirement: TargetRequirement { .operations([.start, .stop]) }
        func run(_ session: ScenarioSession) throws {
            guard let target = session.targets.first else { return }
            let step = PlannedStep(target: target.name, point: [:], iteration: 0, warmup: false)
            let workload = ContainerWorkload(args: ["sleep", "60"], rootfs: ScenarioTestSupport.busyboxRootfs)
            // Container ids are cbench-<run tag>-<n>; the run tag is in everything the run makes.
            let tag = session.containerID().split(separator: "-").dropFirst().dropLast().joined(separator: "-")
            let seen = session.execute(step, target: target) {
                try session.containerWork(target, workload: workload) { prepared -> [Int] in
                    _ = try target.startUntilRunning(prepared)
                    let spared = Leftovers.find().filter { $0.target.contains(tag) || $0.evidence.contains(tag) }
                    let everything = Leftovers.find(owners: []).filter { $0.target.contains(tag) || $0.evidence.contains(tag) }
                    return [spared.count, everything.count]
                }
            }
            session.recorder.table("seen", title: "leftovers seen", columns: ["spared", "unspared"],
                                  rows: [(seen ?? [-1, -1]).map { .number(Double($0)) }])
        }
    }

    @Test func aLiveRunsContainersAreNotLeftoversForOthers() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let suite = ScenarioSuite(name: "owners", scenarios: [Scenario(name: "look", kind: LookAtLeftoversKind(), targets: ["crun"])])
        let session = SuiteSession(suite: suite, targetNames: ["crun"], outDirectory: URL(fileURLWithPath: out, isDirectory: true),
                                   progress: Progress(verbosity: .quiet), stop: StopSignal(), writeReports: { _, _ in [] })
        let document = try session.execute().document
        #expect(document.failures.isEmpty, "\(document.failures)")
        let seen = try #require(document.tables.first { $0.name == "seen" }?.rows.first)
        #expect(seen.first == .number(0), "the live run's things were listed as leftovers")
        #expect((seen.last?.number ?? 0) > 0, "without its owner record the container would be a leftover")
        #expect(LiveOwners.live().allSatisfy { $0.pid != getpid() })
    }
}
