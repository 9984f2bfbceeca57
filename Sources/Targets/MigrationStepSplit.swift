import Checkpoints
import NamespaceCore
import SystemContainers

/// The steps every migration is split into for the report, whatever the target calls them:
/// each target's phases (and, where the destination says, the parts of its restore) map onto
/// these, and a step the strategy or target does not have is absent, never zero.
public enum MigrationStepKind: String, Sendable, CaseIterable {
    /// Before the freeze: the destination's session opened (another host's ssh and cbench,
    /// waiting for the stream) and post-copy's page server address chosen.
    case connect
    /// Pre-copy's iterative dumps while the container runs (all of them, first start to last end).
    case preDump = "pre-dump"
    /// Freeze and dump (post-copy: until CRIU's page server is ready, memory left behind).
    case dump
    /// The images (and a system container's root and config) to the destination.
    case transfer
    /// From the restore's start (between hosts: the archive all in there, the same process
    /// restoring) until the tree runs at the destination.
    case restore
    /// The address announced from the destination (gratuitous ARP) after the tree runs.
    case networkSwitch = "network switch"
    /// Post-copy: from the tree running until its last page came in from the source.
    case lazyPages = "lazy pages done"
    /// What is left of the source ended (post-copy: after its page server has served every page).
    case finishSource = "finish source"

    /// The metric name the scenario records the step under.
    public var metricName: String { "step-" + rawValue.replacingOccurrences(of: " ", with: "-") }
}

/// One step's span on the monotonic clock, in nanoseconds.
public struct MigrationStepSpan: Sendable, Equatable {
    public var kind: MigrationStepKind
    public var start: UInt64
    public var end: UInt64

    public init(kind: MigrationStepKind, start: UInt64, end: UInt64) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    public var milliseconds: Double { Double(end &- start) / 1_000_000 }
}

extension MigrationRun {
    /// The run's steps as `MigrationStepKind`s, in order. A phase named like a step kind is that
    /// step ("pre-dump N" phases make one pre-dump span); the restore ends where its CRIU part
    /// ends when the destination said so, and its announce and lazy-pages parts are steps of
    /// their own. Phases of no kind (a rollback) are left out.
    public var stepSpans: [MigrationStepSpan] {
        var spans: [MigrationStepSpan] = []
        for phase in phases {
            if phase.name.hasPrefix(MigrationStepKind.preDump.rawValue) {
                if let last = spans.last, last.kind == .preDump {
                    spans[spans.count - 1].end = phase.end
                } else {
                    spans.append(MigrationStepSpan(kind: .preDump, start: phase.start, end: phase.end))
                }
                continue
            }
            guard let kind = MigrationStepKind(rawValue: phase.name) else { continue }
            // One process there imports the stream and restores: the transfer lasts until the
            // archive is all in there, and the restore starts then.
            let imported = parts.first { $0.name == MigrationPhaseName.importing }?.end
            guard kind == .restore else {
                let end = kind == .transfer ? max(phase.end, imported ?? 0) : phase.end
                spans.append(MigrationStepSpan(kind: kind, start: phase.start, end: end))
                continue
            }
            let within = parts.filter { $0.start >= phase.start && $0.end <= phase.end }
            let criu = within.first { $0.name == MigrationPhaseName.criuRestore }
            let start = max(phase.start, imported ?? 0)
            spans.append(MigrationStepSpan(kind: .restore, start: start, end: max(start, criu?.end ?? phase.end)))
            for (name, kind) in [(MigrationPhaseName.announce, MigrationStepKind.networkSwitch), (MigrationPhaseName.lazyPages, .lazyPages)] {
                if let part = within.first(where: { $0.name == name }) {
                    spans.append(MigrationStepSpan(kind: kind, start: part.start, end: part.end))
                }
            }
        }
        return spans
    }

    /// Milliseconds per step kind, the steps this run had only.
    public var stepMilliseconds: [MigrationStepKind: Double] {
        stepSpans.reduce(into: [:]) { $0[$1.kind, default: 0] += $1.milliseconds }
    }

    /// Where a client's downtime went: the part of the gap `[from, to]` (monotonic ns) that
    /// fell in each step, and what fell in none (`outside`: before the first step, between
    /// steps, or after the steps until the first reply), all in milliseconds.
    public func downtimeSplit(from: UInt64, to: UInt64) -> (steps: [(MigrationStepKind, Double)], outside: Double) {
        guard to > from else { return ([], 0) }
        var steps: [(MigrationStepKind, Double)] = []
        var covered: UInt64 = 0
        for span in stepSpans {
            let start = max(span.start, from), end = min(span.end, to)
            guard end > start else { continue }
            covered += end - start
            if let index = steps.firstIndex(where: { $0.0 == span.kind }) {
                steps[index].1 += Double(end - start) / 1_000_000
            } else {
                steps.append((span.kind, Double(end - start) / 1_000_000))
            }
        }
        // Restore parts lie inside the restore phase, never inside each other's spans, so no
        // nanosecond is counted twice; a clamp keeps a clock oddity from going negative.
        let rest = (to - from) > covered ? to - from - covered : 0
        return (steps, Double(rest) / 1_000_000)
    }
}
