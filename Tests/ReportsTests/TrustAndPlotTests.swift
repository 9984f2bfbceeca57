import Foundation
import Results
import Testing
@testable import Reports

/// The "how much to trust this" part and the plots' colours, axes and labels.
@Suite struct TrustAndPlotTests {
    static func document() -> ResultsDocument {
        var document = ReportFixture.document()
        document.scenarios.insert(ScenarioEntry(name: "harness", kind: "harness", metrics: [
            MetricDefinition(name: "step", unit: "ms", better: .lower), MetricDefinition(name: "timed-part", unit: "ms", better: .lower),
        ]), at: 0)
        document.measurements += [
            MetricSamples(scenario: "harness", metric: "step", unit: "ms", target: "noop", samples: [0.3, 0.2, 0.25]),
            MetricSamples(scenario: "harness", metric: "timed-part", unit: "ms", target: "noop", samples: [0.001, 0.001, 0.001]),
        ]
        document.environment.noise = HostNoise(
            start: NoiseSample(loadAverage: [3.1, 2, 1], cpuMHz: [2400, 2400], busyProcesses: [BusyProcess(pid: 9, command: "swift-frontend", cpuPercent: 97)]),
            end: NoiseSample(loadAverage: [0.2, 1, 1]), pinnedCPUs: [1],
            warnings: ["the host was busy at the start: load average 3.10 on 2 cores"])
        document.notes.append(ScenarioNote(scenario: "startup", target: "runc", category: .warning, text: "adaptive: 35 iterations instead of 20 (cap 60)"))
        return document.summarized()
    }

    @Test func theTrustPartSetsTheHarnessBesideTheFastestTargetAndSaysHowBusyTheHostWas() {
        let markdown = TrustPart.build(Self.document()).markdown()
        #expect(markdown.contains("A step on the no-op target takes 0.2500 ms end to end"))
        #expect(markdown.contains("The fastest target, cbench-app (startup: start-to-exit)"))
        #expect(markdown.contains("**Warning:** the host was busy at the start: load average 3.10 on 2 cores"))
        #expect(markdown.contains("other busy processes: swift-frontend 97%"))
        #expect(markdown.contains("Pinned to CPUs 1."))
        #expect(markdown.contains("runc in startup: adaptive: 35 iterations instead of 20 (cap 60)."))
        #expect(markdown.contains("density: memory per container moves in steps of 0.2500 MB"))
    }

    @Test func everyTargetKeepsOneColourInEveryPlot() {
        let specs = Plots.plan(ReportFixture.document())
        var seen: [String: String] = [:]
        for spec in specs {
            for series in spec.series {
                let target = String(series.label.split(separator: " ").first ?? "")
                if let colour = seen[target] { #expect(colour == series.colour, "\(target) in \(spec.name)") }
                seen[target] = series.colour
            }
        }
        #expect(Set(seen.values).count == seen.count, "distinct colours: \(seen)")
        let script = GnuplotRenderer().script(for: specs[1], pngTerminal: "png")
        #expect(script.contains("linecolor rgb '\(seen["crun"] ?? "")'"))
        #expect(script.contains("rotate by 30 right"))
    }

    @Test func valuesSpanningMoreThanTenTimesGetALogAxis() {
        #expect(Plots.wideRange([1, 11]))
        #expect(!Plots.wideRange([1, 10]))
        #expect(!Plots.wideRange([0, 100]))
    }
}
