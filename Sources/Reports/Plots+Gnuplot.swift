import Foundation
import NamespaceCore
import Results

/// A plot gnuplot drew: the script and data it read and the images it wrote.
public struct RenderedPlot: Sendable, Equatable {
    public var spec: PlotSpec
    public var data: URL
    public var script: URL
    public var svg: URL
    public var png: URL
}

/// Writes `NAME.dat` and `NAME.gp` for a plot and runs gnuplot on them,
/// which writes `NAME.svg` and `NAME.png` beside them.
public struct GnuplotRenderer: Sendable {
    public var gnuplot: String
    public var runner: any HostCommandRunning
    public var width: Int
    public var height: Int

    public init(gnuplot: String = "gnuplot", runner: any HostCommandRunning = HostCommandRunner(), width: Int = 800, height: Int = 480) {
        self.gnuplot = gnuplot
        self.runner = runner
        self.width = width
        self.height = height
    }

    /// `pngcairo` (antialiased) when this gnuplot has it, else libgd's `png`.
    public func pngTerminal(in directory: URL) -> String {
        guard let probe = runner.run([gnuplot, "-e", "print GPVAL_TERMINALS"], in: directory.path), probe.status == 0 else {
            return "png"
        }
        return probe.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains("pngcairo") ? "pngcairo" : "png"
    }

    public func render(_ specs: [PlotSpec], into directory: URL) throws -> [RenderedPlot] {
        try createDirectory(directory)
        let terminal = pngTerminal(in: directory)
        return try specs.map { try render($0, into: directory, pngTerminal: terminal) }
    }

    public func render(_ spec: PlotSpec, into directory: URL, pngTerminal: String) throws -> RenderedPlot {
        try createDirectory(directory)
        let plot = RenderedPlot(
            spec: spec,
            data: directory.appendingPathComponent("\(spec.name).dat"),
            script: directory.appendingPathComponent("\(spec.name).gp"),
            svg: directory.appendingPathComponent("\(spec.name).svg"),
            png: directory.appendingPathComponent("\(spec.name).png"))
        do {
            try FileIO.replace(plot.data.path, Array(GnuplotRenderer.data(for: spec).utf8), mode: 0o644)
            try FileIO.replace(plot.script.path, Array(script(for: spec, pngTerminal: pngTerminal).utf8), mode: 0o644)
        } catch {
            throw ReportError.wrapping(error, stage: "write plot \(spec.name)")
        }
        guard let result = runner.run([gnuplot, plot.script.lastPathComponent], in: directory.path) else {
            throw ReportError(stage: "run \(gnuplot)", errno: ENOENT, detail: "not found on PATH, or it could not be started")
        }
        guard result.status == 0 else {
            throw ReportError(stage: "gnuplot \(plot.script.lastPathComponent)", detail: "exit \(result.status): \(result.output.suffix(600))")
        }
        // gnuplot reports some errors and still exits 0 in older versions;
        // an image that is not there is the reliable sign.
        for image in [plot.svg, plot.png] where !FileManager.default.fileExists(atPath: image.path) {
            throw ReportError(stage: "gnuplot \(plot.script.lastPathComponent)", errno: ENOENT, detail: "\(image.lastPathComponent) not written: \(result.output.suffix(600))")
        }
        return plot
    }

    private func createDirectory(_ directory: URL) throws {
        do {
            try FileIO.makeDirectories(directory.path, mode: 0o755)
        } catch {
            throw ReportError.wrapping(error, stage: "create \(directory.path)")
        }
    }

    /// One block per series, blocks separated by two blank lines so the
    /// script can address them with `index`.
    public static func data(for spec: PlotSpec) -> String {
        spec.series.enumerated().map { index, series in
            "# \(index): \(series.label.replacing("\n", with: " "))\n"
                + series.rows.map { $0.map(Formatting.exact).joined(separator: " ") }.joined(separator: "\n")
                + "\n"
        }.joined(separator: "\n\n")
    }

    public func script(for spec: PlotSpec, pngTerminal: String) -> String {
        let dat = GnuplotRenderer.quote("\(spec.name).dat")
        var lines = [
            "# Written by cbench; run with: gnuplot \(spec.name).gp",
            "set terminal svg size \(width),\(height) noenhanced font 'sans,11' background '#ffffff'",
            "set output \(GnuplotRenderer.quote("\(spec.name).svg"))",
            "set title \(GnuplotRenderer.quote(spec.title))",
            "set xlabel \(GnuplotRenderer.quote(spec.xLabel))",
            "set ylabel \(GnuplotRenderer.quote(spec.yLabel))",
            "set grid",
            "set key outside right top",
        ]
        switch spec.kind {
        case .cdf:
            if spec.logScale { lines.append("set logscale x") }
            lines.append("set yrange [0:1]")
            lines.append(curves(spec, data: dat, using: "1:2", style: "steps linewidth 2"))
        case .box:
            if spec.logScale { lines.append("set logscale y") }
            let tics = spec.series.indices.map { "\(GnuplotRenderer.quote(spec.series[$0].label)) \($0 + 1)" }
            lines += [
                "set style fill solid 0.3 border -1",
                "set style boxplot outliers pointtype 7",
                "set style data boxplot",
                "set boxwidth 0.5",
                // Rotated, so long target names never run into each other.
                "set xtics (\(tics.joined(separator: ", "))) scale 0 rotate by 30 right",
                "set bmargin 7",
                "set xrange [0.5:\(spec.series.count).5]",
                "unset key",
                "plot " + spec.series.indices.map { index in
                    "\(dat) index \(index) using (\(index + 1)):1 linecolor rgb '\(spec.series[index].colour)'"
                }.joined(separator: ", \\\n     "),
            ]
        case .sweep:
            if spec.logScale { lines.append("set logscale x") }
            if spec.logY { lines.append("set logscale y") }
            // Keeps the first and last points (and their error bars) off the border.
            lines.append("set offsets graph 0.03, graph 0.03, 0, 0")
            if let categories = spec.categories {
                let tics = categories.enumerated().map { "\(GnuplotRenderer.quote($1)) \($0 + 1)" }
                lines.append("set xtics (\(tics.joined(separator: ", ")))")
                lines.append("set xrange [0.5:\(categories.count).5]")
            }
            lines.append(curves(spec, data: dat, using: "1:2:3:4", style: "yerrorlines linewidth 2 pointtype 7"))
        case .intervals:
            if spec.logScale { lines.append("set logscale y") }
            if let categories = spec.categories {
                let tics = categories.enumerated().map { "\(GnuplotRenderer.quote($1)) \($0 + 1)" }
                lines.append("set xtics (\(tics.joined(separator: ", "))) rotate by -30")
                lines.append("set xrange [0.5:\(categories.count).5]")
            }
            lines.append("set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2")
            lines.append(curves(spec, data: dat, using: "1:2:3:4", style: "yerrorbars pointtype 7 pointsize 0.8"))
        case .line:
            if spec.logScale { lines.append("set logscale x") }
            if spec.logY { lines.append("set logscale y") }
            lines.append("set offsets graph 0.03, graph 0.03, 0, 0")
            lines.append(curves(spec, data: dat, using: "1:2", style: "linespoints linewidth 2 pointtype 7"))
        case .bars:
            let categories = spec.categories ?? []
            let width = 0.8 / Double(max(spec.series.count, 1))
            let tics = categories.enumerated().map { "\(GnuplotRenderer.quote($1)) \($0 + 1)" }
            lines += [
                "set style fill solid 0.6 border -1",
                "set boxwidth \(Formatting.exact(width * 0.9))",
                "set xtics (\(tics.joined(separator: ", "))) scale 0",
                "set xrange [0.5:\(categories.count).5]",
                "set yrange [0:*]",
                "plot " + spec.series.indices.map { index in
                    let offset = (Double(index) - Double(spec.series.count - 1) / 2) * width
                    return "\(dat) index \(index) using ($1\(offset < 0 ? "" : "+")\(Formatting.exact(offset))):2 with boxes title \(GnuplotRenderer.quote(spec.series[index].label))"
                }.joined(separator: ", \\\n     "),
            ]
        }
        let pngFont = pngTerminal == "pngcairo" ? " font 'sans,10'" : ""
        lines += [
            "set terminal \(pngTerminal) size \(width),\(height) noenhanced\(pngFont) background '#ffffff'",
            "set output \(GnuplotRenderer.quote("\(spec.name).png"))",
            "replot",
            "unset output",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One `plot` command with a curve per series, each from its own data block.
    func curves(_ spec: PlotSpec, data: String, using columns: String, style: String) -> String {
        "plot " + spec.series.indices.map { index in
            "\(data) index \(index) using \(columns) with \(style) linecolor rgb '\(spec.series[index].colour)' title \(GnuplotRenderer.quote(spec.series[index].label))"
        }.joined(separator: ", \\\n     ")
    }

    /// A gnuplot single-quoted string: nothing is interpreted except a
    /// doubled quote; line breaks would end the command, so they become spaces.
    static func quote(_ text: String) -> String {
        "'" + text.replacing("'", with: "''").replacing("\r\n", with: " ").replacing("\n", with: " ") + "'"
    }
}
