import Foundation
@testable import Reports
import Results
import Testing

/// The network part of the report: round-trip percentiles and throughput per target and
/// placement, each against the bare baseline, and the overhead plots.
@Suite struct NetworkSectionTests {
    func document(withBare: Bool = true) -> ResultsDocument {
        func samples(_ target: String, _ placement: String, tcp: Double, udp: Double, gbits: Double) -> [MetricSamples] {
            let parameters = ["placement": placement]
            return [
                MetricSamples(scenario: "network", metric: "tcp-rtt", unit: "µs", target: target, parameters: parameters, samples: Array(repeating: tcp, count: 100)),
                MetricSamples(scenario: "network", metric: "udp-rtt", unit: "µs", target: target, parameters: parameters, samples: Array(repeating: udp, count: 100)),
                MetricSamples(scenario: "network", metric: "throughput", unit: "Gbit/s", target: target, parameters: parameters, samples: [gbits], higherIsBetter: true),
            ]
        }
        var measurements = samples("cbench-app", "overlay", tcp: 90, udp: 80, gbits: 5) + samples("cbench-app", "bridge", tcp: 40, udp: 36, gbits: 20)
            + samples("lxc", "overlay", tcp: 100, udp: 88, gbits: 4)
        if withBare { measurements += samples("bare", "host-to-host", tcp: 50, udp: 40, gbits: 10) }
        let metric = MetricDefinition(name: "tcp-rtt", unit: "µs", better: .lower, coverage: ["bare": "no containers", "lxc": "LXC containers, veth on a VXLAN bridge"])
        var document = ReportFixture.document()
        document.targets = [TargetInfo(name: "cbench-app"), TargetInfo(name: "lxc")]
        document.measurements = measurements
        document.scenarios = [ScenarioEntry(name: "network", kind: "network", metrics: [metric])]
        return document.summarized()
    }

    func part(_ document: ResultsDocument) throws -> String {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try ReportWriter(renderer: GnuplotRenderer(gnuplot: "/nonexistent/gnuplot")).write(document, into: directory.url)
        return try String(contentsOf: directory.url.appendingPathComponent("network.md"), encoding: .utf8)
    }

    @Test func everyRowStandsBesideTheBareBaseline() throws {
        let text = try part(document())
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("|") }
        let bare = try #require(lines.firstIndex { $0.contains("| bare |") })
        let bridge = try #require(lines.firstIndex { $0.contains("| cbench-app | bridge |") })
        let overlay = try #require(lines.firstIndex { $0.contains("| lxc | overlay |") })
        #expect(bare < bridge && bridge < overlay, "the baseline first, then by placement")
        // lxc overlay: TCP 100 / 50, UDP 88 / 40, 4 / 10 Gbit/s.
        #expect(lines[overlay].contains("2.00×") && lines[overlay].contains("2.20×") && lines[overlay].contains("0.40×"), "\(lines[overlay])")
        #expect(text.contains("lxc: LXC containers, veth on a VXLAN bridge."))
    }

    @Test func withoutABaselineItSaysSo() throws {
        #expect(try part(document(withBare: false)).contains("No bare baseline"))
    }

    @Test func overheadPlotsHaveACurvePerTargetOverThePlacements() throws {
        let specs = NetworkSection.overheadPlots(
            scenario: "network", rows: NetworkSection.rows(document().measurements, targetOrder: ["cbench-app", "lxc"]),
            bare: try #require(NetworkSection.rows(document().measurements, targetOrder: []).first { $0.target == "bare" }),
            targetOrder: ["cbench-app", "lxc"])
        let tcp = try #require(specs.first)
        #expect(specs.count == 2 && tcp.categories == ["bridge", "overlay"])
        #expect(tcp.series.map(\.label) == ["cbench-app", "lxc"])
        #expect(tcp.series[0].rows == [[1, 0.8, 0.8, 0.8], [2, 1.8, 1.8, 1.8]])
        #expect(tcp.series[1].rows == [[2, 2, 2, 2]])
    }
}
