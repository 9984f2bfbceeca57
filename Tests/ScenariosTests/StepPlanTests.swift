import Foundation
import Testing
@testable import Scenarios

struct StepPlanTests {
    @Test func iterationsInterleaveAcrossTargets() {
        let scenario = Scenario(name: "s", kind: .performance, warmup: 1, iterations: 2, command: ["true"])
        let order = StepPlan.steps(for: scenario, targets: ["A", "B", "C"]).map { ($0.warmup ? "w" : "") + $0.target }
        #expect(order == ["wA", "wB", "wC", "A", "B", "C", "A", "B", "C"])
    }

    @Test func sweepPointsMultiply() {
        let scenario = Scenario(name: "s", kind: .performance, sweep: ["n": ["1", "2"]], command: ["sleep", "{n}"])
        #expect(scenario.sweepPoints.count == 2)
        #expect(scenario.command(at: ["n": "2"]) == ["sleep", "2"])
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
