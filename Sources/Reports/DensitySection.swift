import Results

/// The density kind's part: per scenario the targets side by side (how many containers,
/// what stopped each ramp, memory per container, start latency at 10, 100 and the maximum,
/// parallel starts, teardown), whether cbench's own modes met their goals, and three plots
/// on a log x axis: start latency against the count, memory per container against the
/// count, containers per second against workers.
struct DensitySection: ReportSection {
    /// What a density run counts of a runtime's whole cost, and what it leaves out.
    static let wholeCost = "Whole cost: the MemAvailable drop holds everything the target keeps running, its daemons too "
        + "(dockerd, containerd and the shims for Docker; conmon for podman; LXC's monitors; cbench's monitors); the helper "
        + "columns hold only the per-container processes, and the shared daemons' RSS at each checkpoint is in the checkpoint "
        + "table (shared daemons RSS MB). Start latency is the wall time of the start command, so it holds the daemons' work. "
        + "Left out: CPU time. A density run opens no perf counters; the start-up scenarios' perf: counters hold each start's "
        + "whole CPU cost, the daemons' and shims' cgroups included."
    /// How to read the host skew table.
    static let skewText = "What skewed the host, at each ramp's start and end: a DAMON kdamond that samples physical memory "
        + "checks each page through every mapping it has, so with thousands of containers mapping the same binary it costs "
        + "more per sample (its CPU time is given); every memory cgroup, live or removed but not yet freed, keeps a shrinker "
        + "map as long as the host's highest shrinker id since boot, which each ramp raises (every superblock takes an id). "
        + "Empty memcg kB is what a new empty memory cgroup cost in slab then: what each container's own cgroup paid for its "
        + "map. A target that ramps after another starts on the mark the earlier one left, so compare MB per container only "
        + "at like marks."
    /// How to read the shrinker mark table.
    static let primingText = "The shrinker mark was raised before the first ramp (`shrinkerMark: prime`): enough superblocks "
        + "held at once for the largest ramp (a sample container of each target counted, times the count asked), then let go, so "
        + "every target's memory cgroups paid the same shrinker map from their first container and MB per container compares "
        + "like with like whatever the targets' order. The mark stays until the host reboots."
    /// How to read the kernel floor table.
    static let floorText = "The kernel floor: at each checkpoint, with the ramp's containers running, bare starts by a small C "
        + "helper with no runtime (cgroups, the namespaces, a tmpfs root, pivot_root, proc and sysfs, exit, rmdir), each step timed. "
        + "What it grows with the count, any runtime pays on this kernel; a floor growth above 1 x the goal's allowance (0.5 x a "
        + "target's p90 at 100 for a 1.5x goal) means no runtime could meet the goal here."
    static let kind = "density"
    static let drawsOwnSeries = true

    func build(_ input: ReportSectionInput) -> ReportPart? {
        var blocks: [ReportBlock] = []
        var plots: [PlotSpec] = []
        for scenario in input.scenarios {
            guard let table = input.table("density", of: scenario.name), !table.rows.isEmpty else { continue }
            let rows = table.rows.map { DensityRow(columns: table.columns, values: $0) }
            blocks.append(.heading(scenario.name))
            if let description = scenario.description { blocks.append(.paragraph(description)) }
            blocks.append(.table(
                header: ["target", "max containers", "stopped by", "MB per container", "marginal MB", "kernel MB", "cgroup MB", "helper RSS MB",
                         "helper PSS MB", "empty memcg kB at start", "at end", "seccomp filter"],
                rows: rows.map { [$0.target, $0["max containers"], $0["stopped by"], $0["MB per container"], $0["marginal MB per container"],
                                  $0["kernel MB per container"],
                                  $0["cgroup MB per container"], $0["helper RSS MB per container"], $0["helper PSS MB per container"],
                                  $0["empty memory cgroup kB at start"], $0["empty memory cgroup kB at end"], $0["seccomp filter"]] }))
            blocks.append(.paragraph("Memory per container: the host's MemAvailable drop over the ramp divided by the containers running "
                + "(marginal: over the last checkpoint interval); kernel: the change in Slab, kernel stacks, page tables and per-CPU "
                + "memory per container, which other processes' user memory does not move (it does move MemAvailable on a busy host); cgroup: the containers' own cgroups; helpers: the host processes the "
                + "target keeps per container (monitors, shims), counted in full in the drop too."))
            blocks.append(.paragraph(Self.wholeCost))
            let floorColumns = table.columns.filter { $0.hasPrefix("kernel floor") }
            blocks.append(.table(
                header: ["target", "p50 ms at 10", "p90 ms at 10", "p50 ms at 100", "p90 ms at 100", "p50 ms at max", "p90 ms at max", "p90 max / 100"]
                    + floorColumns,
                rows: rows.map { row in
                    [row.target, row["p50 ms at 10"], row["p90 ms at 10"], row["p50 ms at 100"], row["p90 ms at 100"],
                     row["p50 ms at max"], row["p90 ms at max"], row["p90 at max / p90 at 100"]] + floorColumns.map { row[$0] }
                }))
            if let floor = input.table("kernel floor", of: scenario.name), !floor.rows.isEmpty {
                blocks.append(.paragraph(Self.floorText))
                blocks.append(.table(header: floor.columns, rows: floor.rows.map { $0.map(CommonParts.cellText) }))
            }
            let rateColumns = table.columns.filter { $0.hasPrefix("containers/s") }
            blocks.append(.table(
                header: ["target"] + rateColumns + ["teardown ms per container", "teardown total s", "MemAvailable after teardown MB",
                                                    "settled after s", "leftovers"],
                rows: rows.map { row in
                    [row.target] + rateColumns.map { row[$0] }
                        + [row["teardown ms per container"], row["teardown total s"], row["MemAvailable after teardown MB"],
                           row["settled after s"], row["leftovers"]]
                }))
            blocks += goals(rows)
            if let headroom = input.table("headroom", of: scenario.name), !headroom.rows.isEmpty {
                blocks.append(.paragraph("Limits ahead: each host limit against what the ramp used of it per container, and the count "
                    + "at which a longer ramp would meet it at that rate."))
                blocks.append(.table(header: headroom.columns, rows: headroom.rows.map { $0.map(CommonParts.cellText) }))
            }
            if let priming = input.table("shrinker mark", of: scenario.name), !priming.rows.isEmpty {
                blocks.append(.paragraph(Self.primingText))
                blocks.append(.table(header: priming.columns, rows: priming.rows.map { $0.map(CommonParts.cellText) }))
            }
            if let skew = input.table("host skew", of: scenario.name), !skew.rows.isEmpty {
                blocks.append(.paragraph(Self.skewText))
                blocks.append(.table(header: skew.columns, rows: skew.rows.map { $0.map(CommonParts.cellText) }))
            }
            plots += self.plots(scenario.name, series: input.document.series.filter { $0.scenario == scenario.name },
                                order: input.document.targets.map(\.name))
        }
        if let limits = input.scenarios.lazy.compactMap({ input.table("limits", of: $0.name) }).first {
            blocks.append(.heading("Host limits"))
            blocks.append(.table(header: limits.columns, rows: limits.rows.map { $0.map(CommonParts.cellText) }))
        }
        return blocks.isEmpty ? nil : ReportPart(id: "density", title: "Density", blocks: blocks, plots: plots)
    }

    /// cbench's own modes against their goals, where the run holds what they compare with.
    func goals(_ rows: [DensityRow]) -> [ReportBlock] {
        var lines: [String] = []
        let crun = rows.first { $0.target == "crun" }?.number("MB per container")
        let lxc = rows.first { $0.target == "lxc" }?.number("MB per container")
        let kernelOf = { (target: String) in rows.first { $0.target == target }?.number("kernel MB per container") }
        for row in rows where row.target.hasPrefix("cbench") {
            var parts: [String] = []
            if let ratio = row.number("p90 at max / p90 at 100") {
                parts.append("p90 at the maximum is \(Formatting.ratio(ratio)) the p90 at 100 (goal at most 1.50×)")
            }
            if let own = row.number("MB per container") {
                if row.target == "cbench-system", let lxc {
                    parts.append("\(Formatting.number(own)) MB per container against LXC's \(Formatting.number(lxc)) (goal: no higher)")
                } else if row.target != "cbench-system", let crun {
                    parts.append("\(Formatting.number(own)) MB per container against crun's \(Formatting.number(crun)) (goal: no higher)"
                                 + filterDifference(row, crun: rows.first { $0.target == "crun" }))
                }
            }
            // The kernel's share does not move with other processes' memory: the steadier comparison on a busy host.
            if let own = row.number("kernel MB per container"), let other = kernelOf(row.target == "cbench-system" ? "lxc" : "crun") {
                let name = row.target == "cbench-system" ? "LXC" : "crun"
                parts.append("kernel \(Formatting.number(own)) MB per container against \(name)'s \(Formatting.number(other))")
            }
            if !parts.isEmpty { lines.append("\(row.target) reached \(row["max containers"]): " + parts.joined(separator: "; ") + ".") }
        }
        return lines.isEmpty ? [] : [.heading("Goals")] + lines.map(ReportBlock.paragraph)
    }

    /// Where the target's containers carry a seccomp filter and crun's (an OCI bundle without a
    /// seccomp section) none, the MB comparison is not like with like: say so beside it.
    func filterDifference(_ row: DensityRow, crun: DensityRow?) -> String {
        guard let crun, crun.carriesNoFilter, let own = row.filter else { return "" }
        return ", each of its containers carrying a seccomp filter (\(own)) and crun's none"
    }

    func plots(_ scenario: String, series: [ResultSeries], order: [String]) -> [PlotSpec] {
        func curves(_ names: [String], labelled: Bool) -> [PlotSeries] {
            series.filter { names.contains($0.name) }
                .sorted { (order.firstIndex(of: $0.target) ?? order.count, names.firstIndex(of: $0.name) ?? 0)
                    < (order.firstIndex(of: $1.target) ?? order.count, names.firstIndex(of: $1.name) ?? 0) }
                .map { member in
                    let label = labelled ? "\(member.target) \(member.name.split(separator: " ").last ?? "")" : member.target
                    return PlotSeries(label: label, rows: member.points.sorted { $0.x < $1.x }.map { [$0.x, $0.y] })
                }
        }
        let stem = FeatureMatrix.slug(scenario)
        let specs = [
            PlotSpec(name: "\(stem)-start-latency", kind: .line, title: "\(scenario): start latency against containers running (p50 and p90 per bucket)",
                     xLabel: "containers running", yLabel: "start latency (ms)",
                     series: curves(["start latency p50", "start latency p90"], labelled: true), logScale: true, categories: nil),
            PlotSpec(name: "\(stem)-memory", kind: .line, title: "\(scenario): MemAvailable drop per container",
                     xLabel: "containers running", yLabel: "MB per container",
                     series: curves(["MB per container"], labelled: false), logScale: true, categories: nil),
            PlotSpec(name: "\(stem)-parallel", kind: .line, title: "\(scenario): containers started per second against workers",
                     xLabel: "workers", yLabel: "containers per second",
                     series: curves(["containers per second"], labelled: false), logScale: true, categories: nil),
        ]
        return specs.filter { !$0.series.isEmpty }
    }
}

/// A row of the `density` table, its cells by column name.
struct DensityRow {
    let columns: [String]
    let values: [ResultValue]

    var target: String { self["target"] }

    subscript(column: String) -> String {
        guard let index = columns.firstIndex(of: column), index < values.count else { return "–" }
        return CommonParts.cellText(values[index])
    }

    /// The seccomp filter its containers carry; nil for none, or when the run does not say.
    var filter: String? {
        let text = self["seccomp filter"]
        return text == "–" || carriesNoFilter ? nil : text
    }

    /// Whether the run says its containers carry no seccomp filter.
    var carriesNoFilter: Bool {
        let text = self["seccomp filter"]
        return text == "none" || text.hasPrefix("none ")
    }

    func number(_ column: String) -> Double? {
        guard let index = columns.firstIndex(of: column), index < values.count else { return nil }
        return values[index].number
    }
}
