import Foundation
import Testing
@testable import Reports

@Suite struct ReportWriterTests {
    @Test(.enabled(if: gnuplotInstalled)) func fullReportFromAResultsFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let results = directory.url.appendingPathComponent("2026-11-29-smoke/results.json")
        try ReportFixture.document().write(to: results)

        let output = try ReportWriter().write(resultsAt: results)
        #expect(output.warnings.isEmpty, "\(output.warnings)")
        let folder = results.deletingLastPathComponent()
        func read(_ name: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(try read("features.md").contains("| seccomp filter |"))
        #expect(try read("features.csv").contains("seccomp filter,,runc,failed to measure,"))
        #expect(try read("performance.md").contains("## density: memory per container (MB, lower is better)"))
        #expect(try read("performance.csv").contains("startup,start-to-exit,ms,false,runc,,40,"))
        #expect(output.plots.count == 3)
        for plot in output.plots {
            #expect(try String(contentsOf: plot.svg, encoding: .utf8).contains("<svg"))
            #expect(FileManager.default.fileExists(atPath: plot.png.path))
            #expect(plot.svg.deletingLastPathComponent().lastPathComponent == "plots")
        }

        let html = try read("report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<h2>Environment</h2>") && html.contains("kernel.pid_max"))
        #expect(html.contains("<td class=\"failed\"><details id=\"evidence-seccomp-filter--runc\""))
        #expect(html.contains("probe exited with signal 11 before printing\n&lt;no output&gt;"))
        #expect(html.components(separatedBy: "src=\"data:image/svg+xml;base64,").count == 1 + 3)
        // Self-contained: nothing fetched from anywhere.
        for external in ["<script", "<link", "src=\"http", "src=\"/", "url("] {
            #expect(!html.contains(external), "\(external)")
        }
    }

    @Test func aMissingGnuplotStillWritesTablesAndSaysWhy() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = ReportWriter(renderer: GnuplotRenderer(gnuplot: "/nonexistent/gnuplot"))
        let output = try writer.write(ReportFixture.document(), into: directory.url)
        #expect(output.plots.isEmpty)
        #expect(output.warnings.count == 3)
        #expect(output.warnings.first?.contains("run /nonexistent/gnuplot: ENOENT") == true)
        let html = try String(contentsOf: directory.url.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("class=\"warning\">plot startup-start-to-exit-cdf not drawn"))
        #expect(FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("performance.csv").path))
    }

    @Test func unknownReferenceIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ReportError.self) {
            try ReportWriter(renderer: GnuplotRenderer(runner: RecordingRunner()), reference: "docker")
                .write(ReportFixture.document(), into: directory.url)
        }
    }
}
