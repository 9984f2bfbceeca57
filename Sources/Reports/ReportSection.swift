import Results

/// A scenario kind's own part of the report: what the common tables, failures, notes and
/// plots cannot know (a ratio the kind cares about, a table it derives, a plot of its own).
/// A kind adds one type here and one line in `ReportSections.registered`; the writer puts
/// the part in `<id>.md` and in report.html, and draws its plots with the others.
public protocol ReportSection: Sendable {
    /// The scenario kind (`kind:` of the scenario file) whose scenarios this section renders.
    static var kind: String { get }
    /// Whether the section plots its kind's recorded series itself (then the common plots
    /// leave them out, so nothing is drawn twice).
    static var drawsOwnSeries: Bool { get }
    init()
    /// The part for the scenarios of this kind in the document; nil when there is nothing to show.
    func build(_ input: ReportSectionInput) -> ReportPart?
}

extension ReportSection {
    public static var drawsOwnSeries: Bool { false }
}

/// What a section builds from: the summarized document, its scenarios of the section's
/// kind, and the reference target of the ratios.
public struct ReportSectionInput: Sendable {
    public var document: ResultsDocument
    public var scenarios: [ScenarioEntry]
    public var reference: String?

    public func measurements(of scenario: String, metric: String? = nil) -> [MetricSamples] {
        document.measurements.filter { $0.scenario == scenario && (metric == nil || $0.metric == metric) }
    }

    public func table(_ name: String, of scenario: String) -> ResultTable? {
        document.tables.first { $0.scenario == scenario && $0.name == name }
    }
}

/// A titled part of the report, as blocks that render to Markdown and HTML alike.
public struct ReportPart: Sendable {
    /// File stem of its Markdown (`<id>.md`) and anchor in report.html.
    public var id: String
    public var title: String
    public var blocks: [ReportBlock]
    public var plots: [PlotSpec]

    public init(id: String, title: String, blocks: [ReportBlock], plots: [PlotSpec] = []) {
        self.id = id
        self.title = title
        self.blocks = blocks
        self.plots = plots
    }
}

/// One piece of a part; the writer renders each in Markdown and in HTML.
public enum ReportBlock: Sendable, Equatable {
    case heading(String)
    case paragraph(String)
    /// A highlighted line a reader must not miss (failures, a busy host).
    case warning(String)
    case table(header: [String], rows: [[String]])
    /// Preformatted text (evidence, a command's output).
    case preformatted(String)
}
