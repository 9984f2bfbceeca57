import NamespaceCore
import Synchronization

/// The seconds each phase of an application step took, outside the figures it records
/// (deploy, the loads, disk, remove...), said as one line with `cbench run --verbose`: where
/// a step's wall time goes, for the scenario's own time budget.
final class PhaseClock: Sendable {
    let target: String
    let detail: @Sendable (String) -> Void
    private let state: Mutex<(last: UInt64, laps: [(String, Double)])>

    init(target: String, detail: @escaping @Sendable (String) -> Void) {
        self.target = target
        self.detail = detail
        state = Mutex((MonotonicClock.now(), []))
    }

    /// Ends the phase `name` now.
    func lap(_ name: String) {
        let now = MonotonicClock.now()
        state.withLock { state in
            state.laps.append((name, Double(now - state.last) / 1e9))
            state.last = now
        }
    }

    func report() {
        let laps = state.withLock { $0.laps }
        detail("  \(target): " + laps.map { "\($0.0) \(Double(Int($0.1 * 10)) / 10) s" }.joined(separator: ", "))
    }
}
