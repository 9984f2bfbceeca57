import Foundation
import Synchronization
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

    /// Counts what happened across the step's thread and the test's.
    final class Events: Sendable {
        let aborts = Mutex(0)
        let unwound = Mutex(false)
    }

    @Test func aStopRequestInterruptsTheStepInFlight() {
        let released = DispatchSemaphore(value: 0)
        let stop = StopSignal()
        let events = Events()
        let outcome = StepExecutor.execute(timeout: 30, stop: stop, abort: { events.aborts.withLock { $0 += 1 }; released.signal() }) { () -> Int in
            stop.request("SIGINT")
            released.wait()
            events.unwound.withLock { $0 = true }
            return 1
        }
        guard case .interrupted = outcome else {
            Issue.record("expected an interruption, got \(outcome)")
            return
        }
        #expect(events.aborts.withLock { $0 } == 1)
        #expect(events.unwound.withLock { $0 }, "returned before the aborted step unwound")
    }

    /// The step blocks until aborted: it ends only because `abort` ran, once, and the
    /// executor waited for it to unwind before answering "timed out".
    @Test func aHungStepTimesOutAndIsAborted() {
        let released = DispatchSemaphore(value: 0)
        let events = Events()
        let outcome = StepExecutor.execute(timeout: 0.2, abort: { events.aborts.withLock { $0 += 1 }; released.signal() }) { () -> Int in
            released.wait()
            events.unwound.withLock { $0 = true }
            return 1
        }
        guard case .timedOut = outcome else {
            Issue.record("expected a timeout, got \(outcome)")
            return
        }
        #expect(events.aborts.withLock { $0 } == 1)
        #expect(events.unwound.withLock { $0 }, "returned before the aborted step unwound")
    }

    /// A step that finishes in time is never aborted.
    @Test func aStepThatFinishesIsNotAborted() {
        let events = Events()
        let outcome = StepExecutor.execute(timeout: 30, abort: { events.aborts.withLock { $0 += 1 } }) { () -> Int in 7 }
        guard case .finished(.success(let value)) = outcome else {
            Issue.record("expected the value, got \(outcome)")
            return
        }
        #expect(value == 7)
        #expect(events.aborts.withLock { $0 } == 0)
    }
}
