import Foundation
import Glibc
import NamespaceCore
import Reports
import Results
import Scenarios
import Targets
import Testing

/// Per-cgroup counting for real, on one of cbench's own containers: an overhead scenario of
/// system calls and process creation on cbench-oci-lib and the bare host. The workload is
/// held at its gate until its counters are open on its cgroup2 directory, so the counters
/// name that directory and hold every process it forked (the children are in the cgroup too). In ScenarioRunTests'
/// serialized suite, so the runs' cgroups are not mistaken for each other.
extension ScenarioRunTests {
    static let overheadSuite = """
    name: counted
    kind: overhead
    targets: [cbench-oci-lib]
    workloads: [syscalls, process]
    scale: 0.1
    iterations: 2
    """

    @Test func theWorkloadIsCountedByItsOwnCgroup() throws {
        try #require(CompanionLocator.work().locate() != nil, "needs cbench-work: make probe builds it")
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let suite = try ScenarioParser(busyboxRootfs: ScenarioTestSupport.busyboxRootfs)
            .parse(text: Self.overheadSuite, file: "counted.yaml", defaultName: "counted")
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let session = SuiteSession(
            suite: suite, targetNames: SuiteSession.targets(["cbench-oci-lib"], for: suite.scenarios),
            outDirectory: URL(fileURLWithPath: out, isDirectory: true), progress: Progress(verbosity: .quiet), stop: StopSignal(),
            writeReports: ReportWriter.runReports)
        let document = try session.execute().document

        #expect(document.failures.isEmpty, "\(document.failures)")
        let filtered = ["workload": "syscalls", "filter": "default"]
        for target in ["cbench-oci-lib", "host"] {
            func samples(_ metric: String, _ point: [String: String]) -> [Double] {
                document.measurements.first { $0.metric == metric && $0.target == target && $0.parameters == point }?.samples ?? []
            }
            let coverage = document.definition(scenario: "counted", metric: "counter task-clock")?.coverage(of: target) ?? ""
            let ownDirectory = target == "host" ? "/sys/fs/cgroup/unified/cbench/host-" : "/sys/fs/cgroup/unified/cbench/engine-"
            #expect(coverage.hasPrefix("the workload's cgroup") && coverage.contains(ownDirectory), "\(target): \(coverage)")

            let clock = samples("counter task-clock", filtered)
            #expect(clock.count == 2 && clock.allSatisfy { $0 > 0 }, "\(target): two counted runs: \(clock)")
            // Every child forked and executed is in the cgroup: it faults in pages of its own
            // and is switched out at its exit, so both counters hold at least one per child.
            let spawns = Double(WorkloadAmounts(scale: 0.1).spawns)
            let switches = samples("counter context-switches", ["workload": "process"])
            let faults = samples("counter page-faults", ["workload": "process"])
            #expect(switches.count == 2 && switches.allSatisfy { $0 >= spawns }, "\(target): a switch per child: \(switches)")
            #expect(faults.count == 2 && faults.allSatisfy { $0 >= spawns }, "\(target): faults of every child: \(faults)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(out)/overhead.md"))
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
