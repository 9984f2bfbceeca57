import Checkpoints
import Results
import Targets

/// The migration kind's summary: one row per target, strategy, hosts and size, with the
/// client's downtime (median, and the range when there are several), the median of each step
/// and where the downtime went (median of each step's part of the gap). Pure over its samples.
struct MigrationCellTable {
    struct Cell: Hashable {
        var target: String
        var strategy: MigrationStrategy
        var hosts: MigrationHosts
        var megabytes: Int
    }

    private(set) var samples: [Cell: [MigrationSample]] = [:]
    /// Cells in the order their first sample came.
    private(set) var order: [Cell] = []

    mutating func add(_ sample: MigrationSample, to cell: Cell) {
        if samples[cell] == nil { order.append(cell) }
        samples[cell, default: []].append(sample)
    }

    static let columns = ["target", "strategy", "hosts", "MB touched", "n", "downtime p50 ms", "downtime min–max ms"]
        + MigrationStepKind.allCases.map { "\($0.rawValue) p50 ms" }
        + ["downtime split p50 ms"]
    static let note = """
        Per cell: n migrations (warm-ups not counted). Step columns: the median of each step's time over the cell's \
        migrations (n/a: no migration of the cell had the step). Downtime split: the median over the migrations of \
        the part of the client's longest gap inside each step, and outside every step (see the table of every migration).
        """

    var rows: [[ResultValue]] {
        order.map { cell in
            let taken = samples[cell] ?? []
            let downtimes = taken.map(\.downtimeMilliseconds).sorted()
            let range = downtimes.count > 1
                ? ResultValue.text("\(MigrationSample.whole(downtimes[0]))–\(MigrationSample.whole(downtimes[downtimes.count - 1]))")
                : .text("n=1")
            let steps = MigrationStepKind.allCases.map { kind -> ResultValue in
                let values = taken.compactMap { $0.run.stepMilliseconds[kind] }
                return values.isEmpty ? .text("n/a") : .number(Statistics.median(values))
            }
            return [.text(cell.target), .text(cell.strategy.rawValue), .text(cell.hosts == .lab ? "lab1 → lab2" : "one"),
                    .number(Double(cell.megabytes)), .number(Double(taken.count)), .number(Statistics.median(downtimes)), range]
                + steps + [.text(Self.splitText(taken))]
        }
    }

    /// "dump 110 · transfer 790 · restore 402 · outside the steps 3": medians of each part.
    static func splitText(_ samples: [MigrationSample]) -> String {
        let splits = samples.map(\.downtimeSplit)
        let kinds = MigrationStepKind.allCases.filter { kind in splits.contains { $0.steps.contains { $0.0 == kind } } }
        let parts = kinds.map { kind in
            let values = splits.map { split in split.steps.first { $0.0 == kind }?.1 ?? 0 }
            return "\(kind.rawValue) \(MigrationSample.whole(Statistics.median(values)))"
        }
        return (parts + ["outside the steps \(MigrationSample.whole(Statistics.median(splits.map(\.outside))))"]).joined(separator: " · ")
    }
}
