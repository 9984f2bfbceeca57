import Foundation
import Results
import Testing
@testable import Reports

/// The application kind's section: both layouts side by side per runtime, cbench against the
/// best peer of each layout, and grouped bars per runtime.
@Suite struct ApplicationSectionTests {
    static func document() -> ResultsDocument {
        func samples(_ metric: String, _ unit: String, _ target: String, _ values: [Double]) -> MetricSamples {
            MetricSamples(scenario: "wiki", metric: metric, unit: unit, target: target, samples: values)
        }
        let measurements = [
            samples("first-page", "ms", "cbench-system", [900, 1000, 1100]),
            samples("first-page", "ms", "cbench-app", [400]),
            samples("first-page", "ms", "docker", [1500]),
            samples("page-throughput", "req/s", "cbench-system", [200]),
            samples("page-throughput", "req/s", "cbench-app", [90]),
            samples("page-throughput", "req/s", "docker", [100]),
            samples("page-p99", "ms", "cbench-app", [40]),
        ]
        let layouts = ResultTable(scenario: "wiki", name: "layouts", title: "Layouts", columns: ["target", "layout", "runtime"], rows: [
            [.text("cbench-system"), .text("system"), .text("cbench")],
            [.text("cbench-app"), .text("app"), .text("cbench")],
            [.text("docker"), .text("app"), .text("docker")],
        ])
        return ResultsDocument(
            suite: "s", startedAt: Date(), environment: ReportFixture.document().environment,
            targets: ["cbench-system", "cbench-app", "docker"].map { TargetInfo(name: $0) }, measurements: measurements,
            scenarios: [ScenarioEntry(name: "wiki", kind: "application", metrics: [
                MetricDefinition(name: "first-page", unit: "ms", better: .lower, coverage: ["docker": "app layout: docker run -d"]),
                MetricDefinition(name: "page-throughput", unit: "req/s", better: .higher),
                MetricDefinition(name: "page-p99", unit: "ms", better: .lower),
            ])],
            tables: [layouts]).summarized()
    }

    @Test func layoutsSideBySidePerRuntimeAndTheGoalAgainstTheBestPeer() throws {
        let document = Self.document()
        let input = ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)
        let part = try #require(ApplicationSection().build(input))
        let markdown = part.markdown()
        #expect(markdown.contains("| runtime | first page ms, system | first page ms, app | page req/s, system | page req/s, app |"))
        #expect(markdown.contains("| cbench | 1000 | 400.0 | 200.0 | 90.00 | – | 40.00 |"))
        #expect(markdown.contains("| docker | – | 1500 | – | 100.0 | – | – |"))
        // 90 against docker's 100 misses the 5 % goal; 400 ms against 1500 ms meets the first-page goal.
        #expect(markdown.contains("| app | cbench-app | docker 100.0 | 90.00 | 0.90× | no | 400.0 | 1500 | yes |"))
        #expect(markdown.contains("docker: app layout: docker run -d."))
        let throughput = try #require(part.plots.first { $0.name == "wiki-page-throughput-layouts" })
        #expect(throughput.kind == .bars && throughput.categories == ["cbench", "docker"])
        #expect(throughput.series == [PlotSeries(label: "system layout", rows: [[1, 200]]),
                                      PlotSeries(label: "app layout", rows: [[1, 90], [2, 100]])])
        #expect(ReportSections.registered.contains { $0.kind == "application" })
    }

    @Test func aDocumentWithoutTheLayoutsTableHasNoSection() {
        var document = Self.document()
        document.tables = []
        let input = ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)
        #expect(ApplicationSection().build(input)?.id == nil, "a section needs the layouts table")
    }
}
