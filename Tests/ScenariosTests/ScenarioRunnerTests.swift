import Foundation
import NamespaceCore
import Results
import Targets
import Testing
@testable import Scenarios

/// The runner on fake targets: no root, no containers.
struct ScenarioRunnerTests {
    /// A one-shot CLI like `docker run`: a zero-length `create` marker, then one `exit` phase.
    struct OneShotTarget: ContainerTarget {
        var name = "oneshot"
        var operations: Set<TargetOperation> { [.run] }
        func availability() -> TargetAvailability { .available(version: "1") }
        func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
            PreparedContainer(id: id, bundle: "/nonexistent/\(id)", cgroupPath: "cbench/engine-\(id)", workload: workload)
        }
        func run(_ container: PreparedContainer) throws -> ContainerRun {
            ContainerRun(phases: [Phase(name: "create", start: 1_000_000, end: 1_000_000),
                                  Phase(name: "exit", start: 1_000_000, end: 4_000_000)], exit: .exited(0))
        }
        func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { try run(container) }
        func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
        func cleanup(_ container: PreparedContainer) {}
    }

    @Test func markerPhasesAreNotRecordedAndTheWholeRunCounts() throws {
        let work = NSTemporaryDirectory() + "cbench-runner-test-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runner = ScenarioRunner(targets: [OneShotTarget()], progress: Progress(verbosity: .quiet), stop: StopSignal(),
                                    workDirectory: work, probe: nil)
        runner.measurePerf = false
        let scenario = Scenario(name: "startup", kind: .performance, iterations: 3, command: ["true"], metrics: ["create-to-exit", "phases"])
        let document = runner.run(ScenarioSuite(name: "t", scenarios: [scenario])) { _ in
            Environment(kernel: "k", distribution: "d", cpuModel: "c", cores: 1, memoryBytes: 1, cgroupMode: "v2")
        }
        #expect(document.partial == false)
        #expect(document.measurements.first { $0.metric == "create-to-exit" }?.samples == [3, 3, 3])
        #expect(document.measurements.first { $0.metric == "phase:exit" }?.samples.count == 3)
        #expect(!document.measurements.contains { $0.metric == "phase:create" })
    }

    @Test func aStopBeforeTheFirstStepGivesAPartialEmptyDocument() throws {
        let work = NSTemporaryDirectory() + "cbench-runner-test-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let stop = StopSignal()
        stop.request("SIGINT")
        let runner = ScenarioRunner(targets: [OneShotTarget()], progress: Progress(verbosity: .quiet), stop: stop,
                                    workDirectory: work, probe: nil)
        runner.measurePerf = false
        let scenario = Scenario(name: "startup", kind: .performance, iterations: 3, command: ["true"], metrics: ["create-to-exit"])
        let document = runner.run(ScenarioSuite(name: "t", scenarios: [scenario])) { _ in
            Environment(kernel: "k", distribution: "d", cpuModel: "c", cores: 1, memoryBytes: 1, cgroupMode: "v2")
        }
        #expect(document.partial)
        #expect(document.measurements.isEmpty)
    }
}
