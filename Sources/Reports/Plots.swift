import Results

/// The plots a results document calls for, as data: which series, which
/// axes. Rendering is separate (`GnuplotRenderer`), so planning is testable
/// without gnuplot.
public enum PlotKind: String, Sendable, Equatable {
    /// Empirical CDF of the raw samples, one step curve per target.
    case cdf
    /// Box plot per target (quartiles, 1.5 IQR whiskers, outliers as points).
    case box
    /// Median and its 95% interval over the swept parameter, one curve per target.
    case sweep
    /// A recorded series (`ResultSeries`): y over x, one curve per target.
    case line
    /// Grouped bars: a group per category (at x = 1, 2, ...), a bar per series in it.
    case bars
    /// A value and its 95% interval per category, one set of points per target, beside a
    /// dashed line at 1 (a ratio to a baseline: the overhead of each workload).
    case intervals
}

public struct PlotSeries: Sendable, Equatable {
    public var label: String
    /// CDF: (value, fraction). Box: (value). Sweep and intervals: (x, p50, ci95Low, ci95High). Line: (x, y).
    /// Bars: (category number from 1, value); a category without a row has no bar.
    public var rows: [[Double]]
    /// `#rrggbb`: the colour of the series' target, the same in every plot of a report.
    public var colour: String

    public init(label: String, rows: [[Double]], colour: String = PlotColours.palette[0]) {
        self.label = label
        self.rows = rows
        self.colour = colour
    }
}

/// One distinct colour per target, taken in the document's target order, so a target has
/// the same colour in every plot of a report.
public struct PlotColours: Sendable {
    /// Distinguishable on white and in grey scale (a qualitative palette, twelve entries).
    public static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939",
    ]
    private var byTarget: [String: String] = [:]

    public init(targets: [String]) {
        for (index, target) in targets.enumerated() where byTarget[target] == nil {
            byTarget[target] = PlotColours.palette[index % PlotColours.palette.count]
        }
    }

    /// A target outside the list gets a colour from its name (FNV-1a: stable across runs).
    public func colour(of target: String) -> String {
        if let colour = byTarget[target] { return colour }
        var hash: UInt32 = 2_166_136_261
        for byte in target.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return PlotColours.palette[Int(hash % UInt32(PlotColours.palette.count))]
    }
}

public struct PlotSpec: Sendable, Equatable {
    /// File stem: `<scenario>-<metric>-<kind>`, unique within a report.
    public var name: String
    public var kind: PlotKind
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [PlotSeries]
    /// Values spanning more than ten times read better on a log axis (the value axis of a CDF
    /// or box plot, the swept axis of a sweep or line).
    public var logScale: Bool
    /// Sweep points that are not numbers, or the groups of bars, placed at 1, 2, 3... in this order.
    public var categories: [String]?
    /// A sweep's or line's value axis spans more than ten times.
    public var logY: Bool = false
}

public enum Plots {
    /// A CDF and a box plot for every scenario/metric measured outside a
    /// sweep, and a curve for every swept one.
    public static func plan(_ document: ResultsDocument, skippingSeriesOf kinds: Set<String> = []) -> [PlotSpec] {
        var specs: [PlotSpec] = []
        var usedNames = Set<String>()
        func uniqueName(_ stem: String) -> String {
            var name = stem
            var counter = 2
            while !usedNames.insert(name).inserted {
                name = "\(stem)-\(counter)"
                counter += 1
            }
            return name
        }
        let targetOrder = document.targets.map(\.name)
        let colours = PlotColours(targets: targetOrder + document.measurements.map(\.target) + document.series.map(\.target))
        for group in groups(document) {
            let stem = FeatureMatrix.slug(group.scenario) + "-" + FeatureMatrix.slug(group.metric)
            let plain = group.members.filter { $0.parameters.isEmpty && !$0.samples.isEmpty }
                .sorted { rank($0.target, targetOrder) < rank($1.target, targetOrder) }
            let swept = group.members.filter { !$0.parameters.isEmpty && !$0.samples.isEmpty }
            let axis = "\(group.metric) (\(group.unit))"
            if !plain.isEmpty {
                let all = plain.flatMap(\.samples)
                let logScale = wideRange(all)
                specs.append(PlotSpec(
                    name: uniqueName(stem + "-cdf"), kind: .cdf,
                    title: "\(group.scenario): \(group.metric), CDF",
                    xLabel: axis, yLabel: "fraction of samples",
                    series: plain.map { PlotSeries(label: $0.target, rows: cdfRows($0.samples), colour: colours.colour(of: $0.target)) },
                    logScale: logScale, categories: nil))
                specs.append(PlotSpec(
                    name: uniqueName(stem + "-box"), kind: .box,
                    title: "\(group.scenario): \(group.metric), by target",
                    xLabel: "target", yLabel: axis,
                    series: plain.map { PlotSeries(label: $0.target, rows: $0.samples.map { [$0] }, colour: colours.colour(of: $0.target)) },
                    logScale: logScale, categories: nil))
            }
            if let sweep = sweepSpec(swept, group: group, axis: axis, targetOrder: targetOrder, colours: colours) {
                var spec = sweep
                spec.name = uniqueName(stem + "-sweep")
                specs.append(spec)
            }
        }
        let skipped = Set(document.scenarios.filter { kinds.contains($0.kind) }.map(\.name))
        for spec in seriesSpecs(document, targetOrder: targetOrder, colours: colours, skipping: skipped) {
            var named = spec
            named.name = uniqueName(spec.name)
            specs.append(named)
        }
        return specs
    }

    /// One plot per recorded series name of a scenario, a curve per target.
    static func seriesSpecs(_ document: ResultsDocument, targetOrder: [String], colours: PlotColours,
                            skipping scenarios: Set<String> = []) -> [PlotSpec] {
        var order: [String] = []
        var grouped: [String: [ResultSeries]] = [:]
        for series in document.series where !series.points.isEmpty && !scenarios.contains(series.scenario) {
            let id = series.scenario + "\u{0}" + series.name
            if grouped[id] == nil { order.append(id) }
            grouped[id, default: []].append(series)
        }
        return order.compactMap { id -> PlotSpec? in
            guard let members = grouped[id]?.sorted(by: { rank($0.target, targetOrder) < rank($1.target, targetOrder) }),
                  let first = members.first else { return nil }
            func axis(_ label: String, _ unit: String) -> String { unit.isEmpty ? label : "\(label) (\(unit))" }
            let xs = members.flatMap { $0.points.map(\.x) }
            return PlotSpec(
                name: FeatureMatrix.slug(first.scenario) + "-" + FeatureMatrix.slug(first.name) + "-line", kind: .line,
                title: "\(first.scenario): \(first.name)", xLabel: axis(first.xLabel, first.xUnit), yLabel: axis(first.yLabel, first.yUnit),
                series: members.map { series in
                    PlotSeries(label: series.target, rows: series.points.sorted { $0.x < $1.x }.map { [$0.x, $0.y] },
                               colour: colours.colour(of: series.target))
                },
                logScale: wideRange(xs), categories: nil, logY: wideRange(members.flatMap { $0.points.map(\.y) }))
        }
    }

    private struct Group {
        var scenario: String
        var metric: String
        var unit: String
        var members: [MetricSamples]
    }

    private static func groups(_ document: ResultsDocument) -> [Group] {
        var order: [String] = []
        var groups: [String: Group] = [:]
        for measurement in document.measurements {
            let id = measurement.scenario + "\u{0}" + measurement.metric
            if groups[id] == nil {
                order.append(id)
                groups[id] = Group(scenario: measurement.scenario, metric: measurement.metric, unit: measurement.unit, members: [])
            }
            groups[id]?.members.append(measurement)
        }
        return order.compactMap { groups[$0] }
    }

    private static func rank(_ target: String, _ order: [String]) -> Int {
        order.firstIndex(of: target) ?? order.count
    }

    /// Values spanning more than ten times read better on a log axis.
    static func wideRange(_ values: [Double]) -> Bool {
        guard let low = values.min(), let high = values.max(), low > 0 else { return false }
        return high / low > 10
    }

    /// Sorted values against i/n: the step curve of the empirical CDF.
    static func cdfRows(_ samples: [Double]) -> [[Double]] {
        let sorted = samples.sorted()
        let count = Double(sorted.count)
        return sorted.enumerated().map { [$1, Double($0 + 1) / count] }
    }

    /// The x axis is the parameter with the most distinct values (numeric if
    /// they all parse); every other parameter splits the curves.
    private static func sweepSpec(_ swept: [MetricSamples], group: Group, axis: String, targetOrder: [String],
                                  colours: PlotColours) -> PlotSpec? {
        guard !swept.isEmpty else { return nil }
        let keys = Set(swept.flatMap(\.parameters.keys)).sorted()
        guard let xKey = keys.max(by: { left, right in
            let l = Set(swept.compactMap { $0.parameters[left] }).count
            let r = Set(swept.compactMap { $0.parameters[right] }).count
            return l != r ? l < r : left > right
        }) else { return nil }
        let values = Set(swept.compactMap { $0.parameters[xKey] })
        let numeric = values.allSatisfy { Double($0) != nil }
        let categories = numeric ? nil : values.sorted()

        var seriesOrder: [String] = []
        var rowsBySeries: [String: [[Double]]] = [:]
        var targetOfSeries: [String: String] = [:]
        let ordered = swept.sorted { rank($0.target, targetOrder) < rank($1.target, targetOrder) }
        for measurement in ordered {
            guard let raw = measurement.parameters[xKey],
                  let summary = measurement.summary ?? Summary(samples: measurement.samples) else { continue }
            let x = numeric ? (Double(raw) ?? 0) : Double((categories?.firstIndex(of: raw) ?? 0) + 1)
            var others = measurement.parameters
            others[xKey] = nil
            let label = others.isEmpty ? measurement.target : "\(measurement.target) \(SeriesKey.label(others))"
            if rowsBySeries[label] == nil { seriesOrder.append(label) }
            targetOfSeries[label] = measurement.target
            rowsBySeries[label, default: []].append([x, summary.p50, summary.ci95Low, summary.ci95High])
        }
        let series = seriesOrder.map { label in
            PlotSeries(label: label, rows: (rowsBySeries[label] ?? []).sorted { $0[0] < $1[0] },
                       colour: colours.colour(of: targetOfSeries[label] ?? label))
        }
        let xs = series.flatMap { $0.rows.map { $0[0] } }
        let ys = series.flatMap { $0.rows.map { $0[1] } }
        return PlotSpec(
            name: "", kind: .sweep,
            title: "\(group.scenario): \(group.metric) over \(xKey) (median, 95% CI)",
            xLabel: xKey, yLabel: axis, series: series,
            logScale: numeric && wideRange(xs), categories: categories, logY: wideRange(ys))
    }
}
