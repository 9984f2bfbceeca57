import Foundation
import NamespaceCore
import Results

/// Every report file of one results document, written next to it, whatever kinds ran:
/// features.md/.csv, performance.md/.csv, failures.md, tables.md, a `<id>.md` per
/// kind-specific section (`ReportSections`), plots/ and report.html.
public struct ReportWriter: Sendable {
    public struct Output: Sendable {
        public var directory: URL
        public var files: [URL]
        public var plots: [RenderedPlot]
        /// Plots that could not be drawn, and why; the rest of the report is still written.
        public var warnings: [String]
    }

    public var renderer: GnuplotRenderer
    /// Target the ratios divide by; nil picks the first target that ran.
    public var reference: String?
    public var seed: UInt64

    public init(renderer: GnuplotRenderer = GnuplotRenderer(), reference: String? = nil, seed: UInt64 = Statistics.defaultSeed) {
        self.renderer = renderer
        self.reference = reference
        self.seed = seed
    }

    /// Ratios divide by crun when it ran (the reference runtime of issue 6).
    public static func defaultReference(_ document: ResultsDocument) -> String? {
        document.targets.contains { $0.name == "crun" && $0.skipped == nil } ? "crun" : nil
    }

    /// The report step of `cbench run`: every report of the document, its warnings returned.
    public static func runReports(_ document: ResultsDocument, into directory: URL) throws -> [String] {
        try ReportWriter(reference: defaultReference(document)).write(document, into: directory).warnings
    }

    /// `cbench report RESULTS.json`: reads the document and writes the
    /// reports into the directory that holds it.
    @discardableResult
    public func write(resultsAt url: URL) throws -> Output {
        let document = try ResultsDocument.load(from: url)
        return try write(document, into: url.deletingLastPathComponent())
    }

    /// Summaries are recomputed from the raw samples first, so the tables
    /// and plots always agree with the data.
    @discardableResult
    public func write(_ document: ResultsDocument, into directory: URL) throws -> Output {
        let summarized = document.summarized(seed: seed)
        if let reference, !summarized.targets.contains(where: { $0.name == reference }) {
            throw ReportError(stage: "report", detail: "reference target '\(reference)' is not in this run")
        }
        let features = FeatureMatrix(summarized)
        let performance = PerformanceTable(summarized, reference: reference)
        var files: [URL] = []
        func save(_ text: String, _ name: String) throws {
            let url = directory.appendingPathComponent(name)
            do {
                try FileIO.makeDirectories(directory.path, mode: 0o755)
                try FileIO.replace(url.path, Array(text.utf8), mode: 0o644)
            } catch {
                throw ReportError.wrapping(error, stage: "write \(url.path)")
            }
            files.append(url)
        }
        try save(features.markdown(), "features.md")
        try save(features.csv(), "features.csv")
        try save(performance.markdown(), "performance.md")
        try save(performance.csv(), "performance.csv")
        let parts = [CommonParts.hosts(summarized)].compactMap { $0 } + [TrustPart.build(summarized), CommonParts.failures(summarized)]
            + [CommonParts.tables(summarized)].compactMap { $0 }
            + ReportSections.parts { kind in
                let scenarios = summarized.scenarios.filter { $0.kind == kind }
                return scenarios.isEmpty ? nil : ReportSectionInput(document: summarized, scenarios: scenarios, reference: performance.reference)
            }
        for part in parts { try save(part.markdown(), "\(part.id).md") }

        let plotDirectory = directory.appendingPathComponent("plots", isDirectory: true)
        var plots: [RenderedPlot] = []
        var warnings: [String] = []
        let specs = Plots.plan(summarized, skippingSeriesOf: ReportSections.kindsDrawingOwnSeries) + parts.flatMap(\.plots)
        if !specs.isEmpty {
            let terminal = renderer.pngTerminal(in: directory)
            for spec in specs {
                do {
                    plots.append(try renderer.render(spec, into: plotDirectory, pngTerminal: terminal))
                } catch {
                    warnings.append("plot \(spec.name) not drawn: \(error)")
                }
            }
        }
        files += plots.flatMap { [$0.data, $0.script, $0.svg, $0.png] }

        let figures = plots.compactMap { plot -> HTMLReport.Figure? in
            if let svg = try? Data(contentsOf: plot.svg) {
                return HTMLReport.Figure(title: plot.spec.title, mimeType: "image/svg+xml", data: svg)
            }
            if let png = try? Data(contentsOf: plot.png) {
                return HTMLReport.Figure(title: plot.spec.title, mimeType: "image/png", data: png)
            }
            warnings.append("plot \(plot.spec.name) could not be read back for report.html")
            return nil
        }
        let html = HTMLReport(document: summarized, features: features, performance: performance, parts: parts, figures: figures,
                              warnings: warnings)
        try save(html.html(), "report.html")
        return Output(directory: directory, files: files, plots: plots, warnings: warnings)
    }
}
