import Foundation
import NamespaceCore
import Targets

/// Starts `parallelContainers` idle containers with W workers at once, for each W of the
/// scenario: containers per second (all of them over the wall time) and each start's
/// latency. They are removed after each W, so every W starts on the same host.
struct DensityParallel {
    let kind: DensityKind
    let session: ScenarioSession
    let target: any DensityTarget
    let recording: DensityRecording

    final class Shared: @unchecked Sendable {
        let lock = NSLock()
        var next = 0
        var started: [PreparedContainer] = []
        var latencies: [Double] = []
        var failed = false

        func claim(below count: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard !failed, next < count else { return nil }
            next += 1
            return next - 1
        }

        func add(_ container: PreparedContainer, _ milliseconds: Double) {
            lock.lock()
            started.append(container)
            latencies.append(milliseconds)
            lock.unlock()
        }

        func fail() { lock.lock(); failed = true; lock.unlock() }
    }

    /// Containers per second at each worker count that completed without a failure.
    func run() -> [Int: Double] {
        var rates: [Int: Double] = [:]
        let ramp = DensityRamp(kind: kind, session: session, target: target, recording: recording)
        for workers in kind.workers {
            if session.stop.isRequested { break }
            session.announce("\(target.name) \(kind.parallelContainers) starts with \(workers) worker\(workers == 1 ? "" : "s")")
            let shared = Shared()
            let clock = MonotonicClock.now()
            WorkerThreads.run(workers) {
                while !session.stop.isRequested, let index = shared.claim(below: kind.parallelContainers) {
                    let step = PlannedStep(target: target.name, point: ["workers": String(workers)], iteration: index, warmup: false)
                    switch ramp.startOne(step: step) {
                    case .succeeded(let (container, milliseconds)): shared.add(container, milliseconds)
                    default: shared.fail()
                    }
                }
            }
            let wall = Double(MonotonicClock.now() - clock) / 1e9
            shared.lock.lock()
            let started = shared.started
            let latencies = shared.latencies
            let failed = shared.failed
            shared.lock.unlock()
            for milliseconds in latencies { recording.parallelStart(milliseconds, workers: workers, target: target.name) }
            if !failed, started.count == kind.parallelContainers, wall > 0 {
                rates[workers] = Double(started.count) / wall
                recording.rate(Double(started.count) / wall, workers: workers, target: target.name)
            }
            for container in started.reversed() {
                do { try target.removeIdle(container) } catch {
                    session.recorder.failure(target: target.name, step: PlannedStep(target: target.name, point: ["workers": String(workers)], iteration: 0, warmup: false),
                                             stage: "teardown", error: String(describing: error))
                    target.cleanup(container)
                }
            }
            _ = kind.host.reapExitedHelpers(target.densityHelpers)
        }
        return rates
    }
}
