import Foundation
import Glibc
import NamespaceCore
import Reports
import Results
import Scenarios
import Testing

/// fio's jobs for real, one fio each in `cbench-work sequence` (sync(2) before each), on the
/// root of one of cbench's own containers and on the bare host: every job's own fio ran to
/// its end and was read back, in the container as on the host. In ScenarioRunTests'
/// serialized suite, so the runs' cgroups are not mistaken for each other.
extension ScenarioRunTests {
    static let fioSuite = """
    name: fio-sequence
    kind: overhead
    targets: [cbench-oci-lib]
    workloads: [fio]
    storage: [root]
    scale: 0.125
    warmup: 0
    iterations: 1
    """

    @Test func eachFioJobRunsInItsOwnFioInTheContainerAndOnTheHost() throws {
        try #require(CompanionLocator.work().locate() != nil, "needs cbench-work: make probe builds it")
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let suite = try ScenarioParser(busyboxRootfs: ScenarioTestSupport.busyboxRootfs)
            .parse(text: Self.fioSuite, file: "fio-sequence.yaml", defaultName: "fio-sequence")
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let document = try ScenarioTestSupport.execute(suite, targets: SuiteSession.targets(["cbench-oci-lib"], for: suite.scenarios),
                                                       into: out).document

        #expect(document.failures.isEmpty, "\(document.failures)")
        for target in ["cbench-oci-lib", "host"] {
            for job in FioJob.all {
                let samples = document.measurements.first {
                    $0.metric == "fio \(job.name)" && $0.target == target && $0.parameters == ["workload": "fio", "storage": "root"]
                }?.samples ?? []
                #expect(samples.count == 1 && samples.allSatisfy { $0 > 0 }, "\(target) \(job.name): \(samples)")
            }
            // Eight fios and the sequence itself ran in the workload's cgroup: each fio's own
            // process switched out at least once, at its exit.
            let switches = document.measurements.first { $0.metric == "counter context-switches" && $0.target == target }?.samples ?? []
            #expect(switches.count == 1 && switches.allSatisfy { $0 >= Double(FioJob.all.count) }, "\(target): \(switches)")
        }
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
