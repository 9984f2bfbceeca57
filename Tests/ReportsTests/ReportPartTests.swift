import Foundation
import Results
import Testing
@testable import Reports

/// The parts every report has (failures and notes, tables), the kinds' own sections, and
/// the feature matrix's groups and reference columns.
@Suite struct ReportPartTests {
    @Test func failuresGetAWarningPerTargetAndATable() {
        let part = CommonParts.failures(ReportFixture.document())
        let markdown = part.markdown()
        #expect(markdown.contains("**Warning:** runc: 2 failed steps (startup)"))
        #expect(markdown.contains("| startup | runc |  | iteration 4 | exit | the container ended with exit 1: boom |"))
        #expect(markdown.contains("| startup | runc |  | warm-up 1 | prepare | write bundle: ENOSPC |"))
        #expect(markdown.contains("| density | crun | limit | stopped by kernel.pid_max=32768 |"))
        #expect(part.html().contains("<p class=\"warning\">runc: 2 failed steps"))
    }

    @Test func aRunWithoutFailuresSaysSo() {
        var document = ReportFixture.document()
        document.failures = []
        document.notes = []
        #expect(CommonParts.failures(document).blocks == [.paragraph("No step failed.")])
    }

    @Test func keyedTablesRenderAsTheyAre() throws {
        let part = try #require(CommonParts.tables(ReportFixture.document()))
        #expect(part.markdown().contains("## density: Why each ramp stopped"))
        #expect(part.markdown().contains("| crun | 200 |"))
    }

    @Test func theImageUnpackSectionGivesThroughputAndTheRatioToUmoci() throws {
        let measurements = [
            MetricSamples(scenario: "unpack", metric: "unpack", unit: "ms", target: "cbench-app-lib", samples: [500, 500, 500]),
            MetricSamples(scenario: "unpack", metric: "unpack", unit: "ms", target: "umoci", samples: [1000, 1000]),
        ]
        let document = ResultsDocument(
            suite: "s", startedAt: Date(), environment: ReportFixture.document().environment,
            targets: [TargetInfo(name: "cbench-app-lib"), TargetInfo(name: "umoci")], measurements: measurements,
            scenarios: [ScenarioEntry(name: "unpack", kind: "image-unpack", metrics: [
                MetricDefinition(name: "unpack", unit: "ms", better: .lower, coverage: ["umoci": "umoci unpack"]),
            ])],
            tables: [ResultTable(scenario: "unpack", name: "image", title: "image", columns: ["MiB of files", "files", "MB of blobs"],
                                 rows: [[.number(100), .number(2700), .number(60)]])]).summarized()
        let input = ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)
        let part = try #require(ImageUnpackSection().build(input))
        let markdown = part.markdown()
        #expect(markdown.contains("| cbench-app-lib |  | 3 | 500.0 | 120.0 | 0.50× |"))
        #expect(markdown.contains("| umoci |  | 2 | 1000 | 60.00 | 1.00× |"))
        #expect(markdown.contains("umoci: umoci unpack."))
        #expect(ReportSections.registered.contains { $0.kind == "image-unpack" })
    }

    @Test func featureRowsGroupAndShowReferenceAnswers() {
        var document = ReportFixture.document()
        document.scenarios.append(ScenarioEntry(name: "matrix", kind: "feature", features: [
            FeatureDefinition(name: "checkpoint/restore", group: "migration", references: ["article 2015: LXC": "via LXD"]),
            FeatureDefinition(name: "user namespace", group: "isolation", references: ["article 2015: LXC": "yes"]),
            FeatureDefinition(name: "seccomp filter", group: "isolation"),
        ]))
        document.features[0].command = "cat /proc/self/uid_map"
        let matrix = FeatureMatrix(document)
        #expect(matrix.features == ["user namespace", "seccomp filter", "checkpoint/restore"])
        let markdown = matrix.markdown()
        #expect(markdown.contains("| feature | article 2015: LXC | cbench-app | crun | runc |"))
        #expect(markdown.contains("| **isolation** |  |  |  |  |"))
        #expect(markdown.contains("| **migration** |  |  |  |  |"))
        #expect(markdown.contains("| checkpoint/restore | via LXD | [❌ not supported]"))
        #expect(markdown.contains("$ cat /proc/self/uid_map\nuid_map: 0 100000 65536"))
        #expect(matrix.csv().contains("feature,group,target,outcome,article 2015: LXC,disagrees with,detail,command,evidence\r\n"
            + "user namespace,isolation,cbench-app,supported,yes,,,cat /proc/self/uid_map,uid_map: 0 100000 65536\r\n"))
    }

    @Test func recordedSeriesArePlottedOneCurvePerTarget() throws {
        var document = ReportFixture.document()
        document.series = ["crun", "runc"].map { target in
            ResultSeries(scenario: "density", name: "memory per container", target: target, xLabel: "containers", yLabel: "memory",
                         yUnit: "MB", points: [SeriesPoint(x: 1000, y: 0.6), SeriesPoint(x: 1, y: 1.2), SeriesPoint(x: 10, y: 0.7)])
        }
        let spec = try #require(Plots.plan(document).first { $0.kind == .line })
        #expect(spec.name == "density-memory-per-container-line")
        #expect(spec.series.map(\.label) == ["crun", "runc"])
        #expect(spec.series[0].rows == [[1, 1.2], [10, 0.7], [1000, 0.6]])
        #expect(spec.logScale)
        #expect(GnuplotRenderer().script(for: spec, pngTerminal: "png").contains("with linespoints"))
    }
}
