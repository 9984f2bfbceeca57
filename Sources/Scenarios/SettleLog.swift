import Foundation
import Results

/// The settle waits of one step plan (`StepSettle`), per target: taken before every measured
/// step of a kind that times its steps, recorded as the scenario's `settle` table, and a
/// warning for a target whose waits reached the bound (its steps may still carry another
/// step's teardown).
struct SettleLog {
    static let tableName = "settle"

    let session: ScenarioSession
    private(set) var settle: StepSettle?
    private(set) var outcomes: [(target: String, outcome: StepSettle.Outcome)] = []

    init(session: ScenarioSession) {
        self.session = session
        guard type(of: session.scenario.kind).timesSteps, let source = session.run.teardownActivity else { return }
        var settle = StepSettle(source: source)
        settle.begin()
        self.settle = settle
    }

    mutating func wait(before target: String) {
        guard var settle else { return }
        let stop = session.stop
        let outcome = settle.wait(stopped: { stop.isRequested })
        self.settle = settle
        outcomes.append((target, outcome))
    }

    /// The table's rows: per target in the order they first waited, the number of waits,
    /// p50, p90 and max of the wait in ms, and how many reached the bound.
    func rows() -> [[ResultValue]] {
        var order: [String] = []
        var byTarget: [String: [StepSettle.Outcome]] = [:]
        for (target, outcome) in outcomes {
            if byTarget[target] == nil { order.append(target) }
            byTarget[target, default: []].append(outcome)
        }
        return order.map { target in
            let waits = byTarget[target] ?? []
            let milliseconds = waits.map { $0.seconds * 1000 }.sorted()
            return [.text(target), .number(Double(waits.count)),
                    .number(Statistics.percentile(sorted: milliseconds, 0.5)), .number(Statistics.percentile(sorted: milliseconds, 0.9)),
                    .number(milliseconds.last ?? 0), .number(Double(waits.filter(\.reachedBound).count))]
        }
    }

    func record() {
        guard let settle, !outcomes.isEmpty else { return }
        let bound = String(format: "%g", settle.boundSeconds)
        session.recorder.table(
            Self.tableName, title: "Waits for the kernel's teardown of earlier steps, before each measured step",
            columns: ["target", "waits", "p50 ms", "p90 ms", "max ms", "reached the \(bound) s bound"], rows: rows(),
            note: "Before each measured step (after its preparation, outside its timed part and every metric) the runner waits until "
                + "no kernel worker runs a namespace or cgroup teardown item (" + HostTeardownActivity.teardownQueues.sorted().joined(separator: ", ")
                + ") and the cgroup2 root has no more dying cgroups than before the previous measured step, on \(settle.quietPolls) readings "
                + String(format: "%g", settle.pollSeconds * 1000) + " ms apart, at most \(bound) s. The same for every target.")
        var bounded: [String: [String]] = [:]
        for (target, outcome) in outcomes {
            if case .bound(let busy) = outcome.end { bounded[target, default: []].append(busy) }
        }
        for (target, busy) in bounded.sorted(by: { $0.key < $1.key }) {
            session.recorder.note(target: target, .warning,
                                  "\(busy.count) wait(s) before measured steps reached the \(bound) s bound (first: \(busy[0])); "
                                      + "those steps may include earlier steps' teardown")
        }
    }
}
