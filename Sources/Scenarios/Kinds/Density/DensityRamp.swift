import Foundation
import NamespaceCore
import Results
import Targets

/// What one target's ramp saw, teardown included.
struct RampResult: Sendable {
    var reached: Int
    var stop: DensityStop
    /// Start latencies in milliseconds, in start order (index i is container i + 1).
    var latencies: [Double]
    var baseline: HostSnapshot
    var checkpoints: [DensityCheckpoint]
    var teardown: DensityTeardownResult?
    /// Two of the containers seen while all ran, when the ramp decides `ScaleRow`.
    var isolation: ScaleRow.Isolation? = nil
    /// The host's skew at the ramp's start and at its end, before the teardown.
    var skew = DensitySkew()
    /// The kernel floor at each checkpoint, when the scenario asks for it.
    var floor: [DensityFloorCheckpoint] = []
}

/// `HostMemorySkew` at both ends of one ramp: the order effect of the shrinker maps shows
/// between them (a ramp raises the host's highest shrinker id, so later cgroups pay more).
struct DensitySkew: Sendable, Equatable {
    var start: HostMemorySkew?
    var end: HostMemorySkew?
}

/// The host at one count of a ramp, and the starts since the previous checkpoint.
struct DensityCheckpoint: Sendable, Equatable {
    var containers: Int
    var elapsedSeconds: Double
    var snapshot: HostSnapshot
    /// Start latency percentiles of the containers since the previous checkpoint.
    var bucketP50: Double?
    var bucketP90: Double?
}

/// Starts idle containers on one target one after another and keeps them, reading the host at
/// every checkpoint, until a stop condition; then removes them all (`DensityTeardown`).
struct DensityRamp {
    let kind: DensityKind
    let session: ScenarioSession
    let target: any DensityTarget
    let recording: DensityRecording

    /// Whether the ramp keeps the container: it started, and the step was not abandoned (a
    /// stop or timeout) before it returned. A start that ends after its step was abandoned
    /// still leaves a running container, which nobody else would remove.
    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var started = false
        private var abandoned = false
        func markStarted() { lock.lock(); started = true; lock.unlock() }
        func abandon() { lock.lock(); abandoned = true; lock.unlock() }
        var isKept: Bool { lock.lock(); defer { lock.unlock() }; return started && !abandoned }
    }

    func run() -> RampResult {
        let host = kind.host
        let limits = host.limits()
        let budget = kind.budget(of: target.name)
        session.announce("\(target.name) ramp to \(kind.containers) \(kind.container.kind.rawValue) containers (budget \(Int(budget)) s)")
        let settling = DensitySettling(host: host, helpers: target.densityHelpers, boundSeconds: kind.settleSeconds)
        // Before the baseline: the probe's own empty cgroups are gone again by then.
        var skew = DensitySkew(start: host.memorySkew())
        let settlingBaseline = settling.baseline()
        let before = settlingBaseline.helpers
        let baseline = host.snapshot(helpers: target.densityHelpers, excluding: before, cgroups: [])
        let clock = MonotonicClock.now()
        func elapsed() -> Double { Double(MonotonicClock.now() - clock) / 1e9 }
        var live: [PreparedContainer] = []
        var latencies: [Double] = []
        var checkpoints: [DensityCheckpoint] = []
        var floor: [DensityFloorCheckpoint] = []
        var stop = DensityStop(cause: .reachedCount, detail: "\(kind.containers)")
        func checkpoint() {
            // The runtime's processes that exited after their start (crun's detached child)
            // are no cost of the containers; not reaped, they would count as tasks.
            _ = host.reapExitedHelpers(target.densityHelpers)
            let snapshot = host.snapshot(helpers: target.densityHelpers, excluding: before, cgroups: live.compactMap(target.idleCgroup))
            let from = checkpoints.last?.containers ?? 0
            let bucket = Array(latencies[from..<latencies.count])
            let reading = DensityCheckpoint(containers: live.count, elapsedSeconds: elapsed(), snapshot: snapshot,
                                            bucketP50: bucket.isEmpty ? nil : Statistics.percentile(bucket, 0.5),
                                            bucketP90: bucket.isEmpty ? nil : Statistics.percentile(bucket, 0.9))
            checkpoints.append(reading)
            recording.checkpoint(reading, baseline: baseline, previous: checkpoints.dropLast().last, target: target.name)
            // After the host's reading, so the bare starts' kernel work does not move it.
            if kind.kernelFloorStarts > 0, let starts = host.kernelFloor(starts: kind.kernelFloorStarts) {
                let reading = DensityFloorCheckpoint(containers: live.count, starts: starts)
                floor.append(reading)
                recording.kernelFloor(reading, target: target.name)
            }
        }
        for index in 0..<kind.containers {
            if session.stop.isRequested {
                stop = DensityStop(cause: .interrupted, detail: "stopped by \(session.stop.reason ?? "a stop request") at \(live.count)")
                break
            }
            if elapsed() >= budget {
                stop = DensityStop(cause: .timeBudget, limit: "time budget \(String(format: "%g", budget)) s", detail: "at \(live.count) containers")
                break
            }
            if let available = host.memAvailableBytes(), available < kind.memoryFloorBytes {
                stop = DensityStop(cause: .memoryFloor, limit: "MemAvailable floor \(kind.memoryFloorBytes >> 20) MiB",
                                   detail: "MemAvailable \(available >> 20) MiB at \(live.count) containers")
                break
            }
            let step = PlannedStep(target: target.name, point: [:], iteration: index, warmup: false)
            let outcome = startOne(step: step)
            switch outcome {
            case .succeeded(let (container, milliseconds)):
                live.append(container)
                latencies.append(milliseconds)
                recording.start(milliseconds, target: target.name)
                if kind.checkpoints.contains(live.count) { checkpoint() }
            case .failed(_, let message, let error):
                stop = DensityLimitNaming.stop(errno: (error as? CoreError)?.errno, message: message,
                                               tasks: host.snapshot(helpers: .none, excluding: [], cgroups: []).tasks, limits: limits,
                                               inotifyInstances: host.inotifyInstances())
                stop.detail += " (at \(live.count) containers)"
            case .interrupted:
                stop = DensityStop(cause: .interrupted, detail: "stopped by \(session.stop.reason ?? "a stop request") at \(live.count)")
            }
            if case .succeeded = outcome { continue }
            break
        }
        if checkpoints.last?.containers != live.count, !live.isEmpty { checkpoint() }
        skew.end = host.memorySkew()
        session.progress.note("\(session.scenario.name): \(target.name): \(live.count) containers; \(stop.summary)")
        let isolation = kind.scaleRow ? ScaleRow.look(at: live, target: target) : nil
        session.announce("\(target.name) teardown of \(live.count) containers")
        let teardown = DensityTeardown(session: session, target: target, settling: settling, workers: kind.teardownWorkers).run(live, baseline: baseline, before: settlingBaseline)
        return RampResult(reached: live.count, stop: stop, latencies: latencies, baseline: baseline, checkpoints: checkpoints,
                          teardown: teardown, isolation: isolation, skew: skew, floor: floor)
    }

    /// Prepares (outside the timer), starts and times one container; on failure, timeout or
    /// interruption it is removed again once the start has unwound.
    func startOne(step: PlannedStep) -> StepOutcome<(PreparedContainer, Double)> {
        let target = self.target
        let container = kind.container
        let id = session.containerID()
        return session.attempt(step, target: target, label: "\(session.scenario.name) \(target.name) container \(step.iteration + 1)") {
            let prepared = try target.prepareIdle(container, id: id)
            let box = Box()
            return StepWork(run: {
                let start = MonotonicClock.now()
                try target.startIdle(prepared)
                let milliseconds = Double(MonotonicClock.now() - start) / 1e6
                box.markStarted()
                return (prepared, milliseconds)
            }, abort: {
                // Not removed while its start is under way (a removal racing a launch can miss
                // what the launch then finishes), but once the start has unwound, below.
                box.abandon()
            }, cleanup: {
                if !box.isKept { target.cleanup(prepared) }
            })
        }
    }
}
