import Results

/// The application kind's part: the two layouts side by side for each runtime (time to
/// first page, throughput and p99 of the first request, memory), as a table and as grouped
/// bars; every metric per target; and how cbench's own targets compare with the best peer
/// of the same layout (throughput within 5 %, time to first page no longer).
struct ApplicationSection: ReportSection {
    static let kind = "application"

    /// The headline columns: metric name (with `REQUEST` for the first request) and title.
    static let headline: [(metric: String, title: String)] = [
        ("first-page", "first page ms"), ("REQUEST-throughput", "REQUEST req/s"), ("REQUEST-p99", "REQUEST p99 ms"),
        ("memory-load-layout", "layout memory under load MB"), ("memory-load-host", "host MemAvailable drop MB"),
    ]
    static let layouts = ["system", "app"]

    func build(_ input: ReportSectionInput) -> ReportPart? {
        var blocks: [ReportBlock] = []
        var plots: [PlotSpec] = []
        for scenario in input.scenarios {
            guard let layoutTable = input.table("layouts", of: scenario.name) else { continue }
            let view = ApplicationView(input: input, scenario: scenario, layoutTable: layoutTable)
            guard !view.targets.isEmpty else { continue }
            blocks.append(.heading(scenario.name))
            blocks.append(.paragraph("Medians over the iterations (n per target in the full table). The system layout is one system "
                                     + "container whose init runs every service; the app layout is one container per service on a network. "
                                     + "A layout's memory is its containers' cgroups plus the PSS of every helper process serving them from "
                                     + "outside: conmon, containerd-shim, LXC's monitor, cbench app's supervisor and monitor, the port "
                                     + "forwarder where the runtime publishes no port itself, and dockerd with containerd (the checks table "
                                     + "names them per target). A cbench system container has no supervisor process."))
            blocks.append(.table(header: view.sideBySideHeader, rows: view.sideBySideRows))
            blocks += view.goalBlocks()
            blocks.append(.table(header: ["metric"] + view.targets.map(\.name), rows: view.everyMetricRows))
            for target in view.targets {
                if let coverage = scenario.metric("first-page")?.coverage(of: target.name) { blocks.append(.paragraph("\(target.name): \(coverage).")) }
            }
            plots += view.plots()
        }
        return blocks.isEmpty ? nil : ReportPart(id: "application", title: "Application layouts", blocks: blocks, plots: plots)
    }
}

/// One scenario's figures as the section arranges them.
struct ApplicationView {
    struct Target {
        var name: String
        var layout: String
        var runtime: String
    }

    let input: ReportSectionInput
    let scenario: ScenarioEntry
    let targets: [Target]
    let runtimes: [String]
    /// The first request's name (`page`).
    let request: String

    init(input: ReportSectionInput, scenario: ScenarioEntry, layoutTable: ResultTable) {
        self.input = input
        self.scenario = scenario
        targets = layoutTable.rows.compactMap { row in
            guard row.count >= 3 else { return nil }
            return Target(name: row[0].description, layout: row[1].description, runtime: row[2].description)
        }
        var seen: [String] = []
        for target in targets where !seen.contains(target.runtime) { seen.append(target.runtime) }
        runtimes = seen
        request = scenario.metrics.first { $0.name.hasSuffix("-throughput") }.map { String($0.name.dropLast("-throughput".count)) } ?? "page"
    }

    func metricName(_ template: String) -> String { template.replacing("REQUEST", with: request) }

    func median(_ metric: String, target: String) -> Double? {
        input.measurements(of: scenario.name, metric: metric).first { $0.target == target && $0.parameters.isEmpty }
            .flatMap { $0.summary ?? Summary(samples: $0.samples) }?.p50
    }

    func target(runtime: String, layout: String) -> Target? {
        targets.first { $0.runtime == runtime && $0.layout == layout }
    }

    var sideBySideHeader: [String] {
        ["runtime"] + ApplicationSection.headline.flatMap { column in
            ApplicationSection.layouts.map { "\(metricName(column.title)), \($0)" }
        }
    }

    var sideBySideRows: [[String]] {
        runtimes.map { runtime in
            [runtime] + ApplicationSection.headline.flatMap { column in
                ApplicationSection.layouts.map { layout in
                    target(runtime: runtime, layout: layout).flatMap { median(metricName(column.metric), target: $0.name) }
                        .map(Formatting.number) ?? "–"
                }
            }
        }
    }

    var everyMetricRows: [[String]] {
        scenario.metrics.map { metric in
            ["\(metric.name) (\(metric.unit))"] + targets.map { target in
                guard let samples = input.measurements(of: scenario.name, metric: metric.name).first(where: { $0.target == target.name }),
                      let summary = samples.summary ?? Summary(samples: samples.samples) else { return "–" }
                return Formatting.number(summary.p50) + (summary.n > 1 ? " (n=\(summary.n))" : "")
            }
        }
    }

    /// cbench's target of each layout against the best peer of that layout.
    func goalBlocks() -> [ReportBlock] {
        var rows: [[String]] = []
        for layout in ApplicationSection.layouts {
            guard let own = targets.first(where: { $0.layout == layout && $0.runtime == "cbench" }) else { continue }
            let peers = targets.filter { $0.layout == layout && $0.runtime != "cbench" }
            let throughputs = peers.compactMap { peer in median(metricName("REQUEST-throughput"), target: peer.name).map { (peer.name, $0) } }
            guard let best = throughputs.max(by: { $0.1 < $1.1 }), let mine = median(metricName("REQUEST-throughput"), target: own.name) else { continue }
            let ratio = mine / best.1
            var row = [layout, own.name, "\(best.0) \(Formatting.number(best.1))", Formatting.number(mine), Formatting.ratio(ratio),
                       ratio >= 0.95 ? "yes" : "no"]
            let firstPages = peers.compactMap { median("first-page", target: $0.name) }
            if let ownFirst = median("first-page", target: own.name), let fastest = firstPages.min() {
                row += [Formatting.number(ownFirst), Formatting.number(fastest), ownFirst <= fastest ? "yes" : "no"]
            } else {
                row += ["–", "–", "–"]
            }
            rows.append(row)
        }
        guard !rows.isEmpty else { return [] }
        return [.table(header: ["layout", "cbench target", "best peer \(request) req/s", "cbench req/s", "ratio", "within 5 %",
                                "cbench first page ms", "fastest peer ms", "no longer"], rows: rows)]
    }

    func plots() -> [PlotSpec] {
        let stem = FeatureMatrix.slug(scenario.name)
        return ApplicationSection.headline.prefix(4).map { column in
            let metric = metricName(column.metric)
            let unit = scenario.metric(metric)?.unit ?? ""
            let series = ApplicationSection.layouts.compactMap { layout -> PlotSeries? in
                let rows = runtimes.enumerated().compactMap { index, runtime -> [Double]? in
                    target(runtime: runtime, layout: layout).flatMap { median(metric, target: $0.name) }.map { [Double(index + 1), $0] }
                }
                return rows.isEmpty ? nil : PlotSeries(label: "\(layout) layout", rows: rows)
            }
            return PlotSpec(name: "\(stem)-\(FeatureMatrix.slug(metric))-layouts", kind: .bars, title: "\(scenario.name): \(metric), both layouts per runtime",
                            xLabel: "runtime", yLabel: "\(metric) (\(unit))", series: series, logScale: false, categories: runtimes)
        }.filter { !$0.series.isEmpty }
    }
}
