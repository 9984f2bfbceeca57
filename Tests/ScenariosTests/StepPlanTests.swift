import Foundation
import Testing
@testable import Scenarios

struct StepPlanTests {
    @Test func iterationsInterleaveAcrossTargets() {
        let scenario = Scenario(name: "s", kind: PerformanceKind(workload: WorkloadSpec(rootfs: "/r", command: ["true"])), warmup: 1, iterations: 2)
        let order = StepPlan.steps(for: scenario, targets: ["A", "B", "C"]).map { ($0.warmup ? "w" : "") + $0.target }
        #expect(order == ["wA", "wB", "wC", "A", "B", "C", "A", "B", "C"])
    }

    @Test func sweepPointsMultiply() {
        let workload = WorkloadSpec(rootfs: "/r", command: ["sleep", "{n}"])
        let scenario = Scenario(name: "s", kind: PerformanceKind(workload: workload), sweep: ["n": ["1", "2"], "m": ["a", "b", "c"]])
        #expect(scenario.sweepPoints.count == 6)
        #expect(workload.command(at: ["n": "2"]) == ["sleep", "2"])
    }

    @Test func aStopRequestInterruptsTheStepInFlight() {
        let released = DispatchSemaphore(value: 0)
        let stop = StopSignal()
        let outcome = StepExecutor.execute(timeout: 30, stop: stop, abort: { released.signal() }) { () -> Int in
            stop.request("SIGINT")
            released.wait()
            return 1
        }
        guard case .interrupted = outcome else {
            Issue.record("expected an interruption, got \(outcome)")
            return
        }
    }

    @Test func aHungStepTimesOutAndIsAborted() {
        let released = DispatchSemaphore(value: 0)
        let outcome = StepExecutor.execute(timeout: 0.2, abort: { released.signal() }) { () -> Int in
            released.wait()
            return 1
        }
        guard case .timedOut = outcome else {
            Issue.record("expected a timeout")
            return
        }
    }
}
