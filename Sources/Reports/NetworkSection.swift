import Results

/// The network kind's part: per target and placement the TCP and UDP round-trip
/// percentiles and the throughput, each beside its ratio to the bare baseline (two lab hosts
/// with no containers: the same quantity, so the ratio is the containers' overhead), and
/// plots of those ratios per placement.
struct NetworkSection: ReportSection {
    static let kind = "network"
    static let bare = "bare"
    static let placementOrder = ["host-to-host", "bridge", "overlay", "routed"]

    struct Row {
        var target: String
        var placement: String
        var tcp: Summary?
        var udp: Summary?
        var throughput: Summary?
    }

    func build(_ input: ReportSectionInput) -> ReportPart? {
        var blocks: [ReportBlock] = []
        var plots: [PlotSpec] = []
        let targetOrder = input.document.targets.map(\.name)
        for scenario in input.scenarios {
            let rows = Self.rows(input.measurements(of: scenario.name), targetOrder: targetOrder)
            guard !rows.isEmpty else { continue }
            let bare = rows.first { $0.target == Self.bare }
            func ratio(_ value: Double?, _ base: Double?) -> String {
                guard let value, let base, base > 0 else { return "–" }
                return Formatting.ratio(value / base)
            }
            func percentiles(_ summary: Summary?) -> [String] {
                guard let summary else { return ["–", "–", "–"] }
                return [summary.p50, summary.p90, summary.p99].map(Formatting.number)
            }
            blocks.append(.heading(scenario.name))
            blocks.append(.table(
                header: ["target", "placement", "TCP p50 µs", "p90", "p99", "UDP p50 µs", "p90", "p99", "Gbit/s",
                         "TCP p50 / bare", "UDP p50 / bare", "Gbit/s / bare"],
                rows: rows.map { row in
                    [row.target, row.placement] + percentiles(row.tcp) + percentiles(row.udp)
                        + [row.throughput.map { Formatting.number($0.p50) } ?? "–",
                           ratio(row.tcp?.p50, bare?.tcp?.p50), ratio(row.udp?.p50, bare?.udp?.p50),
                           ratio(row.throughput?.p50, bare?.throughput?.p50)]
                }))
            if bare == nil {
                blocks.append(.warning("No bare baseline in this run: the overhead columns are empty."))
            }
            for target in Set(rows.map(\.target)).sorted() {
                if let coverage = scenario.metric("tcp-rtt")?.coverage(of: target) { blocks.append(.paragraph("\(target): \(coverage).")) }
            }
            if let bare {
                plots += Self.overheadPlots(scenario: scenario.name, rows: rows, bare: bare, targetOrder: targetOrder)
            }
        }
        return blocks.isEmpty ? nil : ReportPart(id: "network", title: "Network: containers talking, against bare hosts", blocks: blocks, plots: plots)
    }

    /// One row per target and placement, the baseline first, then in placement and target order.
    static func rows(_ measurements: [MetricSamples], targetOrder: [String]) -> [Row] {
        var rows: [Row] = []
        for measurement in measurements {
            let placement = measurement.parameters["placement"] ?? ""
            let summary = measurement.summary ?? Summary(samples: measurement.samples)
            var index = rows.firstIndex { $0.target == measurement.target && $0.placement == placement }
            if index == nil {
                rows.append(Row(target: measurement.target, placement: placement))
                index = rows.count - 1
            }
            guard let index else { continue }
            switch measurement.metric {
            case "tcp-rtt": rows[index].tcp = summary
            case "udp-rtt": rows[index].udp = summary
            case "throughput": rows[index].throughput = summary
            default: break
            }
        }
        func rank(_ row: Row) -> (Int, Int, String) {
            (placementOrder.firstIndex(of: row.placement) ?? placementOrder.count,
             row.target == bare ? -1 : (targetOrder.firstIndex(of: row.target) ?? targetOrder.count), row.target)
        }
        return rows.sorted { rank($0) < rank($1) }
    }

    /// TCP round-trip p50 and throughput against the baseline, per placement, a curve per target.
    static func overheadPlots(scenario: String, rows: [Row], bare: Row, targetOrder: [String]) -> [PlotSpec] {
        let placements = placementOrder.filter { placement in placement != "host-to-host" && rows.contains { $0.placement == placement } }
        let targets = Array(Set(rows.filter { $0.target != Self.bare }.map(\.target)))
            .sorted { (targetOrder.firstIndex(of: $0) ?? targetOrder.count, $0) < (targetOrder.firstIndex(of: $1) ?? targetOrder.count, $1) }
        func plot(_ name: String, _ title: String, _ axis: String, _ value: (Row) -> Double?, _ base: Double?) -> PlotSpec? {
            guard let base, base > 0 else { return nil }
            let series = targets.compactMap { target -> PlotSeries? in
                let points = placements.enumerated().compactMap { index, placement -> [Double]? in
                    guard let row = rows.first(where: { $0.target == target && $0.placement == placement }), let number = value(row) else { return nil }
                    let ratio = number / base
                    return [Double(index + 1), ratio, ratio, ratio]
                }
                return points.isEmpty ? nil : PlotSeries(label: target, rows: points)
            }
            guard !series.isEmpty else { return nil }
            return PlotSpec(name: FeatureMatrix.slug(scenario) + "-" + name, kind: .sweep, title: "\(scenario): \(title)",
                            xLabel: "placement", yLabel: axis, series: series, logScale: false, categories: placements)
        }
        return [
            plot("tcp-overhead", "TCP round trip p50 against bare hosts", "TCP p50 / bare (×)", { $0.tcp?.p50 }, bare.tcp?.p50),
            plot("throughput-overhead", "throughput against bare hosts", "Gbit/s / bare (×)", { $0.throughput?.p50 }, bare.throughput?.p50),
        ].compactMap { $0 }
    }
}
