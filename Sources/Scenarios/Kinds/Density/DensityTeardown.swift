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
    /// MemAvailable once settled, minus before the ramp (negative: less than before).
    var memAvailableChangeBytes: Int64
    var tasksChange: Int
    /// Cgroups of the containers that still exist, and per-container helpers still alive.
    var leftoverCgroups: Int
    var leftoverHelpers: Int
}

/// Removes a ramp's containers one by one (newest first), timing each, then waits for the
/// host to settle and compares it with the reading before the ramp.
struct DensityTeardown {
    let session: ScenarioSession
    let target: any DensityTarget
    let host: any DensityHost
    /// How long MemAvailable may take to come back (namespaces are freed asynchronously).
    static let settleSeconds = 10.0

    func run(_ live: [PreparedContainer], baseline: HostSnapshot, helpersBefore: Set<Int32>) -> DensityTeardownResult {
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
        DensityReaping.reapExitedHelpers(named: target.densityHelpers.perContainer)
        var after = baseline.memAvailable
        let deadline = MonotonicClock.now() + UInt64(Self.settleSeconds * 1e9)
        repeat {
            after = host.memAvailableBytes() ?? after
            if after + (64 << 20) >= baseline.memAvailable { break }
            usleep(250_000)
        } while MonotonicClock.now() < deadline && !session.stop.isForced
        let snapshot = host.snapshot(helpers: .none, excluding: [], cgroups: [])
        return DensityTeardownResult(
            milliseconds: milliseconds, totalSeconds: total, notRemoved: notRemoved,
            memAvailableChangeBytes: Int64(after) - Int64(baseline.memAvailable), tasksChange: snapshot.tasks - baseline.tasks,
            leftoverCgroups: host.existingCgroups(cgroups),
            leftoverHelpers: host.processes(named: target.densityHelpers.perContainer).subtracting(helpersBefore).count)
    }
}
