import Foundation
import NamespaceCore
import Results

/// `report.html`: one self-contained page (inline CSS, images as data: URIs,
/// no script, no external request) with the environment, both matrices and
/// the plots, readable from a file with any browser.
public struct HTMLReport: Sendable {
    /// An image already read from disk, to be inlined.
    public struct Figure: Sendable {
        public var title: String
        public var mimeType: String
        public var data: Data

        public init(title: String, mimeType: String, data: Data) {
            self.title = title
            self.mimeType = mimeType
            self.data = data
        }
    }

    public var document: ResultsDocument
    public var features: FeatureMatrix
    public var performance: PerformanceTable
    /// Failures and notes, tables, and the kinds' own sections.
    public var parts: [ReportPart]
    public var figures: [Figure]
    /// Things that went wrong while reporting (a plot gnuplot could not draw).
    public var warnings: [String]

    public init(document: ResultsDocument, features: FeatureMatrix, performance: PerformanceTable, parts: [ReportPart] = [],
                figures: [Figure], warnings: [String] = []) {
        self.document = document
        self.features = features
        self.performance = performance
        self.parts = parts
        self.figures = figures
        self.warnings = warnings
    }

    public func html() -> String {
        let title = "cbench report: \(document.suite)"
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title>
            <style>\(HTMLReport.style)</style>
            </head>
            <body>
            <h1>\(HTML.escape(title))</h1>

            """
        page += "<p class=\"meta\">started \(HTML.escape(HTMLReport.date(document.startedAt)))"
        if let finished = document.finishedAt { page += ", finished \(HTML.escape(HTMLReport.date(finished)))" }
        page += ", schema version \(document.schemaVersion)</p>\n"
        if document.partial {
            page += "<p class=\"warning\">This run is partial: it stopped before every scenario finished.</p>\n"
        }
        for warning in warnings {
            page += "<p class=\"warning\">\(HTML.escape(warning))</p>\n"
        }
        // A run with a feature matrix opens with it; the environment comes first otherwise.
        let opening = features.features.isEmpty ? [("environment", "Environment"), ("features", "Features")]
            : [("features", "Features"), ("environment", "Environment")]
        let links = opening + [("performance", "Performance")] + parts.map { ($0.id, $0.title) } + [("plots", "Plots")]
        page += "<nav>" + links.map { "<a href=\"#\(HTML.escape($0.0))\">\(HTML.escape($0.1))</a>" }.joined(separator: " · ") + "</nav>\n"
        page += features.features.isEmpty ? environmentSection() + featureSection() : featureSection() + environmentSection()
        page += performanceSection()
        page += parts.map { $0.html() }.joined()
        page += plotSection()
        page += "</body>\n</html>\n"
        return page
    }

    private func environmentSection() -> String {
        let environment = document.environment
        var section = "<section id=\"environment\">\n<h2>Environment</h2>\n<table class=\"kv\">\n"
        let facts: [(String, String)] = [
            ("kernel", environment.kernel),
            ("distribution", environment.distribution),
            ("CPU", environment.cpuModel),
            ("cores", String(environment.cores)),
            ("memory", Formatting.bytes(environment.memoryBytes)),
            ("cgroup mode", environment.cgroupMode),
            ("cbench commit", environment.cbenchCommit ?? "unknown"),
        ]
        for (name, value) in facts { section += HTML.row([HTML.escape(name), HTML.escape(value)]) }
        section += "</table>\n"
        section += keyValueTable("Limits that bound density", environment.limits)
        section += keyValueTable("Versions", environment.versions)
        section += "<h3>Targets</h3>\n<table>\n" + HTML.row(["target", "version", "status"], header: true)
        for target in document.targets {
            let status = target.skipped.map { "skipped: \($0)" } ?? "ran"
            section += HTML.row([target.name, target.version ?? "unknown", status].map(HTML.escape))
        }
        return section + "</table>\n</section>\n"
    }

    private func keyValueTable(_ heading: String, _ values: [String: String]) -> String {
        guard !values.isEmpty else { return "" }
        var table = "<h3>\(HTML.escape(heading))</h3>\n<table class=\"kv\">\n"
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            table += HTML.row([HTML.escape(name), HTML.escape(value)])
        }
        return table + "</table>\n"
    }

    private func featureSection() -> String {
        var section = "<section id=\"features\">\n<h2>Feature matrix</h2>\n"
        guard !features.features.isEmpty else { return section + "<p>No feature was probed in this run.</p>\n</section>\n" }
        section += "<p>Each cell was measured by a probe or a command in a container of that target. Open a cell for its evidence."
        if !features.referenceColumns.isEmpty {
            section += " The reference columns are answers as published, not measurements; ≠ marks a cell where today's measurement disagrees with one."
        }
        section += "</p>\n"
        let columns = ["feature"] + features.referenceColumns + features.targets
        section += "<table class=\"matrix\">\n" + HTML.row(columns.map(HTML.escape), header: true)
        for (index, feature) in features.features.enumerated() {
            if let group = features.groupHeading(before: index) {
                section += "<tr class=\"group\"><th colspan=\"\(columns.count)\">\(HTML.escape(group))</th></tr>\n"
            }
            var cells = ["<td>\(HTML.escape(feature))</td>"]
            cells += features.referenceColumns.map { "<td class=\"reference\">\(HTML.escape(features.reference(feature: feature, column: $0) ?? ""))</td>" }
            for target in features.targets {
                guard let result = features.cell(feature: feature, target: target) else {
                    cells.append("<td><span class=\"none\">not measured</span></td>")
                    continue
                }
                let id = FeatureMatrix.anchor(feature: feature, target: target)
                var cell = "<details id=\"\(id)\" class=\"\(result.outcome.rawValue)\">"
                let disagreeing = features.disagreements(feature: feature, target: target)
                let mark = disagreeing.isEmpty ? "" : " <span class=\"disagrees\" title=\"disagrees with \(HTML.escape(disagreeing.joined(separator: ", ")))\">≠</span>"
                cell += "<summary>\(result.outcome.plainSymbol) \(HTML.escape(result.outcome.label))\(mark)</summary>"
                if let detail = result.detail, !detail.isEmpty { cell += "<p>\(HTML.escape(detail))</p>" }
                cell += "<pre>\(HTML.escape(FeatureMatrix.evidenceText(result)))</pre></details>"
                cells.append("<td class=\"\(result.outcome.rawValue)\">\(cell)</td>")
            }
            section += "<tr>" + cells.joined() + "</tr>\n"
        }
        section += "</table>\n"
        if !features.referenceColumns.isEmpty {
            let disagreements = features.disagreements
            section += "<h3>Where today's measurement disagrees with the reference answers</h3>\n"
            section += disagreements.isEmpty ? "<p>Nowhere: every measured verdict agrees with the answers beside it.</p>\n"
                : "<ul>\n" + disagreements.map {
                    "<li><a href=\"#\(FeatureMatrix.anchor(feature: $0.feature, target: $0.target))\">\(HTML.escape($0.sentence))</a></li>\n"
                }.joined() + "</ul>\n"
        }
        return section + "</section>\n"
    }

    private func performanceSection() -> String {
        var section = "<section id=\"performance\">\n<h2>Performance</h2>\n"
        for warning in performance.failureWarnings { section += "<p class=\"warning\">\(HTML.escape(warning)).</p>\n" }
        section += "<p>Reference target: <strong>\(HTML.escape(performance.reference ?? "none"))</strong>. "
        section += HTML.escape(PerformanceTable.methodNote) + "</p>\n"
        if performance.groups.isEmpty { section += "<p>No measurement in this run.</p>\n" }
        for group in performance.groups {
            section += "<h3>\(HTML.escape(group.heading))</h3>\n<table class=\"numbers\">\n"
            section += HTML.row(PerformanceTable.header(sweep: group.isSweep).map(HTML.escape), header: true)
            for row in group.rows {
                var cells = [HTML.escape(row.target)]
                if group.isSweep { cells.append(HTML.escape(SeriesKey.label(row.parameters))) }
                cells += PerformanceTable.summaryCells(row).map(HTML.escape)
                section += HTML.row(cells, class: row.failed > 0 ? "failing" : nil)
            }
            section += "</table>\n"
            for note in PerformanceTable.notes(group) { section += "<p class=\"note\">\(HTML.escape(note))</p>\n" }
        }
        return section + "</section>\n"
    }

    private func plotSection() -> String {
        var section = "<section id=\"plots\">\n<h2>Plots</h2>\n"
        if figures.isEmpty { section += "<p>No plot in this report.</p>\n" }
        for figure in figures {
            let source = "data:\(figure.mimeType);base64,\(figure.data.base64EncodedString())"
            section += "<figure><img src=\"\(source)\" alt=\"\(HTML.escape(figure.title))\">"
            section += "<figcaption>\(HTML.escape(figure.title))</figcaption></figure>\n"
        }
        return section + "</section>\n"
    }

    /// RFC 3339 in UTC, to the second.
    static func date(_ date: Date) -> String {
        RFC3339.string(seconds: time_t(date.timeIntervalSince1970.rounded(.down)))
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
        h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
        .meta{color:#666}.warning{background:#fff3cd;border:1px solid #e0c060;padding:.5em}
        nav{margin:1em 0}table{border-collapse:collapse;margin:.5em 0 1.5em;display:block;overflow-x:auto;max-width:100%}
        th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
        th{background:#f3f3f3}table.numbers td{text-align:right;font-variant-numeric:tabular-nums}
        table.numbers td:first-child{text-align:left}table.kv td:first-child{font-weight:600}
        td.supported{background:#e6f4ea}td.notSupported{background:#fde8e8}
        td.failed{background:#fff3cd}td.skipped{background:#eee}.none{color:#999}
        td.partial{background:#fdf6d8}td.notApplicable{background:#f3f3f3}.disagrees{color:#b00;font-weight:700}
        tr.group th{background:#e8eef7;text-align:left}td.reference{color:#555;font-style:italic}
        details summary{cursor:pointer;white-space:nowrap}
        details pre{max-width:40em;max-height:20em;overflow:auto;font-size:.8em;background:#fafafa;border:1px solid #ddd;padding:.4em}
        .unit{font-weight:normal;color:#666;font-size:.85em}.note{color:#444;font-size:.9em;max-width:60em}
        tr.failing td{background:#fff3cd}
        figure{display:inline-block;margin:.5em;vertical-align:top}figure img{max-width:100%;width:560px;border:1px solid #ddd}
        figcaption{font-size:.85em;color:#555;text-align:center}
        """
}
