import Foundation
import Synchronization

/// Reads a layout's memory every half second on a thread of its own until `finish`, which
/// gives the highest of each reading.
final class MemorySampler: Sendable {
    private let state = Mutex<(peak: MemoryReading, running: Bool)>((.zero, true))
    private let done = DispatchSemaphore(value: 0)

    init(memory: LayoutMemory, interval: Double = 0.5) {
        let thread = Thread { [self] in
            while state.withLock({ $0.running }) {
                let reading = memory.read()
                state.withLock { $0.peak = $0.peak.maximum(reading) }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.start()
    }

    func finish() -> MemoryReading {
        state.withLock { $0.running = false }
        done.wait()
        return state.withLock { $0.peak }
    }
}
