import Foundation
import NamespaceCore
import Testing
@testable import Reports

/// Records what would run, and pretends gnuplot wrote its images.
final class RecordingRunner: HostCommandRunning, @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [[String]] = []

    var recorded: [[String]] { lock.withLock { calls } }

    func run(_ arguments: [String], in directory: String?) -> HostCommandResult? {
        lock.withLock { calls.append(arguments) }
        if arguments.dropFirst().first == "-e" { return HostCommandResult(status: 0, output: "svg png pngcairo") }
        if let script = arguments.dropFirst().first, let directory {
            let stem = String(script.dropLast(3))
            for ext in ["svg", "png"] {
                _ = FileManager.default.createFile(atPath: "\(directory)/\(stem).\(ext)", contents: Data("fake \(ext)".utf8))
            }
        }
        return HostCommandResult(status: 0, output: "")
    }
}

let gnuplotInstalled = ExecutablePath.find("gnuplot") != nil

@Suite struct PlotTests {
    @Test func planHasCDFBoxAndSweep() {
        let specs = Plots.plan(ReportFixture.document())
        #expect(specs.map(\.name) == ["startup-start-to-exit-cdf", "startup-start-to-exit-box", "density-memory-per-container-sweep"])
        let cdf = specs[0]
        #expect(cdf.series.map(\.label) == ["cbench-app", "crun", "runc"])
        #expect(cdf.series[0].rows.count == 40)
        #expect(cdf.series[0].rows.last?[1] == 1)
        let sweep = specs[2]
        #expect(sweep.xLabel == "containers")
        #expect(sweep.series.map(\.label) == ["cbench-app", "crun", "runc"])
        #expect(sweep.series[0].rows.map { $0[0] } == [10, 50, 100, 200])
        #expect(sweep.categories == nil)
    }

    @Test func scriptsQuoteTitlesAndDrawBothFormats() {
        var spec = Plots.plan(ReportFixture.document())[1]
        spec.title = "it's 'quoted'"
        let script = GnuplotRenderer().script(for: spec, pngTerminal: "pngcairo")
        #expect(script.contains("set title 'it''s ''quoted'''"))
        #expect(script.contains("set terminal svg"))
        #expect(script.contains("set output 'startup-start-to-exit-box.svg'"))
        #expect(script.contains("set terminal pngcairo"))
        #expect(script.contains("set xtics ('cbench-app' 1, 'crun' 2, 'runc' 3)"))
        #expect(script.contains("with boxplot") || script.contains("set style data boxplot"))
        let data = GnuplotRenderer.data(for: spec)
        #expect(data.components(separatedBy: "\n\n\n").count == 3)
    }

    @Test func rendererRunsGnuplotOncePerPlotThroughTheSeam() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let runner = RecordingRunner()
        let specs = Plots.plan(ReportFixture.document())
        let plots = try GnuplotRenderer(gnuplot: "/usr/bin/gnuplot-fake", runner: runner).render(specs, into: directory.url)
        #expect(plots.count == 3)
        #expect(runner.recorded.first == ["/usr/bin/gnuplot-fake", "-e", "print GPVAL_TERMINALS"])
        #expect(runner.recorded.dropFirst().map { $0.last ?? "" } == specs.map { "\($0.name).gp" })
        let script = try String(contentsOf: plots[0].script, encoding: .utf8)
        #expect(script.contains("set terminal pngcairo"))
    }

    @Test func gnuplotFailureIsAnError() throws {
        struct Failing: HostCommandRunning {
            func run(_ arguments: [String], in directory: String?) -> HostCommandResult? {
                HostCommandResult(status: 1, output: "line 3: undefined variable")
            }
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let spec = Plots.plan(ReportFixture.document())[0]
        do {
            _ = try GnuplotRenderer(runner: Failing()).render(spec, into: directory.url, pngTerminal: "png")
            Issue.record("a failing gnuplot was not reported")
        } catch let error as ReportError {
            #expect(error.description == "gnuplot startup-start-to-exit-cdf.gp: exit 1: line 3: undefined variable")
        }
    }

    @Test(.enabled(if: gnuplotInstalled)) func realGnuplotDrawsSVGAndPNG() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let renderer = GnuplotRenderer()
        #expect(renderer.pngTerminal(in: directory.url) == "pngcairo")
        let plots = try renderer.render(Plots.plan(ReportFixture.document()), into: directory.url)
        #expect(plots.count == 3)
        for plot in plots {
            let svg = try String(contentsOf: plot.svg, encoding: .utf8)
            #expect(svg.contains("<svg"), "\(plot.spec.name)")
            let png = try Data(contentsOf: plot.png)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(plot.spec.name)")
        }
    }
}
