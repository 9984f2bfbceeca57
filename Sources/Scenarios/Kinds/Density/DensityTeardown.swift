import Foundation
import Glibc
import NamespaceCore
import Targets

/// What removing a ramp's containers took, and what was left of them.
struct DensityTeardownResult: Sendable, Equatable {
    /// Milliseconds per container, in removal order.
    var milliseconds: [Double]
    var totalSeconds: Double
    /// Containers not removed: failures, or a second Ctrl-C (then `cbench cleanup` removes them).
    var notRemoved: Int
    /// MemAvailable at the end of the settling wait, minus before the ramp (negative: less than before).
    var memAvailableChangeBytes: Int64
    var tasksChange: Int
    /// The wait for the host to come back, and what was left at its end: cgroups of the
    /// containers, per-container helpers and processes of the run.
    var settling: DensitySettling.Outcome
    var leftoverCgroups: Int { settling.leftoverCgroups }
    var leftoverHelpers: Int { settling.leftoverHelpers }
    var leftoverProcesses: Int { settling.leftoverProcesses }
}

/// Removes a ramp's containers one by one (newest first), timing each, then waits for the
/// host to settle (`DensitySettling`, at most the scenario's `settle` seconds) and compares
/// it with the reading before the ramp. A wait that times out is recorded as a failed check.
struct DensityTeardown {
    let session: ScenarioSession
    let target: any DensityTarget
    let settling: DensitySettling

    func run(_ live: [PreparedContainer], baseline: HostSnapshot, before: DensitySettling.Baseline) -> DensityTeardownResult {
        let target = self.target
        let cgroups = live.compactMap(target.idleCgroup)
        var milliseconds: [Double] = []
        var notRemoved = 0
        let clock = MonotonicClock.now()
        for (index, container) in live.enumerated().reversed() {
            if session.stop.isForced {
                notRemoved = index + 1
                session.recorder.note(target: target.name, .warning,
                                      "teardown stopped by a second \(session.stop.reason ?? "stop request"): \(notRemoved) containers left for `cbench cleanup`")
                break
            }
            let step = PlannedStep(target: target.name, point: ["phase": "teardown"], iteration: index, warmup: false)
            let outcome = session.attempt(step, target: target, label: "\(session.scenario.name) \(target.name) teardown \(index + 1)") {
                StepWork(run: {
                    let start = MonotonicClock.now()
                    try target.removeIdle(container)
                    return Double(MonotonicClock.now() - start) / 1e6
                }, abort: { target.cleanup(container) })
            }
            if case .succeeded(let value) = outcome {
                milliseconds.append(value)
            } else {
                target.cleanup(container)
                notRemoved += 1
            }
        }
        let total = Double(MonotonicClock.now() - clock) / 1e9
        let outcome = settling.wait(for: before, cgroups: cgroups, stopped: { session.stop.isForced })
        if !outcome.settled && !outcome.interrupted {
            session.recorder.failure(
                target: target.name, step: PlannedStep(target: target.name, point: ["phase": "settle"], iteration: 0, warmup: false),
                stage: "teardown check",
                error: "the host was not back within \(String(format: "%g", settling.boundSeconds)) s of the teardown of \(live.count) containers: "
                    + outcome.unsettled.joined(separator: "; "))
        }
        let snapshot = settling.host.snapshot(helpers: .none, excluding: [], cgroups: [])
        return DensityTeardownResult(
            milliseconds: milliseconds, totalSeconds: total, notRemoved: notRemoved,
            memAvailableChangeBytes: Int64(outcome.memAvailable) - Int64(baseline.memAvailable), tasksChange: snapshot.tasks - baseline.tasks,
            settling: outcome)
    }
}
