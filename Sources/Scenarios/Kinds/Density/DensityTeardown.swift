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

/// Removes a ramp's containers newest first, one by one or `workers` at once, timing each,
/// then waits for the host to settle (`DensitySettling`, at most the scenario's `settle`
/// seconds) and compares it with the reading before the ramp. A wait that times out is
/// recorded as a failed check.
struct DensityTeardown {
    let session: ScenarioSession
    let target: any DensityTarget
    let settling: DensitySettling
    var workers = 1

    /// The removals so far, shared by the workers: each takes the newest container left.
    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var next: Int
        private(set) var milliseconds: [Double] = []
        private(set) var notRemoved = 0

        init(count: Int) { next = count - 1 }

        /// The index of the next container to remove, or nil when none is left; with `stopped`
        /// the rest are counted as not removed and none is handed out.
        func claim(stopped: Bool) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next >= 0 else { return nil }
            if stopped {
                notRemoved += next + 1
                next = -1
                return nil
            }
            next -= 1
            return next + 1
        }

        func removed(_ value: Double?) {
            lock.lock()
            if let value { milliseconds.append(value) } else { notRemoved += 1 }
            lock.unlock()
        }
    }

    func run(_ live: [PreparedContainer], baseline: HostSnapshot, before: DensitySettling.Baseline) -> DensityTeardownResult {
        let target = self.target
        let cgroups = live.compactMap(target.idleCgroup)
        let progress = Progress(count: live.count)
        let clock = MonotonicClock.now()
        let count = min(max(workers, 1), max(live.count, 1))
        if count > 1 {
            session.recorder.note(target: target.name, .info,
                                  "teardown with \(count) workers at once (every target of the scenario alike): each removal's milliseconds are its own, while another ran")
        }
        let session = self.session
        WorkerThreads.run(count) { Self.removeEach(live, session: session, target: target, progress: progress) }
        let notRemoved = progress.notRemoved
        if session.stop.isForced && notRemoved > 0 {
            session.recorder.note(target: target.name, .warning,
                                  "teardown stopped by a second \(session.stop.reason ?? "stop request"): \(notRemoved) containers left for `cbench cleanup`")
        }
        let milliseconds = progress.milliseconds
        let total = Double(MonotonicClock.now() - clock) / 1e9
        let outcome = settling.wait(for: before, cgroups: cgroups, stopped: { session.stop.isForced })
        if let freeing = outcome.kernelFreeing {
            session.recorder.note(target: target.name, .warning,
                                  "after the teardown of \(live.count) containers and \(String(format: "%g", settling.boundSeconds)) s: " + freeing.summary)
        } else if !outcome.settled && !outcome.interrupted {
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

    /// One worker: removes the newest container left until none is, or a second stop request.
    private static func removeEach(_ live: [PreparedContainer], session: ScenarioSession, target: any DensityTarget, progress: Progress) {
        while let index = progress.claim(stopped: session.stop.isForced) {
            let container = live[index]
            let step = PlannedStep(target: target.name, point: ["phase": "teardown"], iteration: index, warmup: false)
            let outcome = session.attempt(step, target: target, label: "\(session.scenario.name) \(target.name) teardown \(index + 1)") {
                StepWork(run: {
                    let start = MonotonicClock.now()
                    try target.removeIdle(container)
                    return Double(MonotonicClock.now() - start) / 1e6
                }, abort: { target.cleanup(container) })
            }
            if case .succeeded(let value) = outcome {
                progress.removed(value)
            } else {
                target.cleanup(container)
                progress.removed(nil)
            }
        }
    }
}
