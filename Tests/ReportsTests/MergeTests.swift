import Foundation
import Reports
import Results
import Testing

/// `cbench merge`: several hosts' documents become one, every sample, row and cell with its
/// host; a host without results is in it, marked failed with why.
@Suite struct MergeTests {
    func host(_ name: String, latency: Double, skipped: String? = nil) -> ResultsDocument {
        var document = ReportFixture.document()
        document.measurements = document.measurements.filter { $0.scenario == "startup" }.map { measurement in
            var copy = measurement
            copy.samples = copy.samples.map { _ in latency }
            return copy
        }
        document.environment.kernel = "kernel of \(name)"
        document.targets = document.targets.map { TargetInfo(name: $0.name, version: $0.version, skipped: $0.name == "runc" ? skipped : nil) }
        document.tables = [ResultTable(scenario: "startup", name: "t", title: "T", columns: ["a"], rows: [[.number(1)]])]
        document.notes = [ScenarioNote(scenario: "startup", target: "crun", category: .info, text: "a note")]
        return document
    }

    var inputs: [ResultsDocument.HostResults] {
        [
            .init(name: "lab1", address: "10.251.0.2", outcome: .success(host("lab1", latency: 5))),
            .init(name: "lab2", address: "10.251.0.3", outcome: .success(host("lab2", latency: 7, skipped: "runc is not installed"))),
            .init(name: "ghost", address: "10.251.0.99", outcome: .failure(.init("ssh: connect to host 10.251.0.99 port 22: No route to host"))),
        ]
    }

    @Test func everySampleRowAndCellKeepsItsHost() throws {
        let merged = ResultsDocument.merged(inputs)
        let crun = merged.measurements.filter { $0.target == "crun" && $0.metric == "start-to-exit" }
        #expect(crun.map { $0.parameters["host"] } == ["lab1", "lab2"])
        #expect(crun.map { $0.summary?.p50 } == [5, 7], "summaries are recomputed per host")
        #expect(Set(merged.features.compactMap(\.host)) == ["lab1", "lab2"])
        #expect(merged.features.first?.column == "cbench-app @ lab1")
        let table = try #require(merged.tables.first)
        #expect(merged.tables.count == 1 && table.columns == ["host", "a"] && table.rows.map { $0.first } == [.text("lab1"), .text("lab2")])
        #expect(merged.notes.map(\.text) == ["lab1: a note", "lab2: a note"])
        #expect(merged.environment.kernel == "kernel of lab1")
        // runc ran on lab1, so it is not skipped; its version is lab1's.
        #expect(merged.targets.first { $0.name == "runc" }?.skipped == nil)
    }

    @Test func aHostWithoutResultsIsMarkedFailedWithItsEnvironmentlessRecord() throws {
        let merged = ResultsDocument.merged(inputs)
        let hosts = try #require(merged.hosts)
        #expect(hosts.map(\.name) == ["lab1", "lab2", "ghost"])
        #expect(hosts.map(\.status) == [.ok, .ok, .failed])
        #expect(hosts[2].error?.contains("No route to host") == true && hosts[2].environment == nil)
        #expect(hosts[1].environment?.kernel == "kernel of lab2")
        #expect(!merged.measurements.contains { $0.parameters["host"] == "ghost" })
        // It survives a round trip through JSON; a one-host document has no hosts at all.
        let decoded = try ResultsDocument.decode(from: try merged.jsonData())
        #expect(decoded.hosts == merged.hosts)
        #expect(!String(decoding: try host("lab1", latency: 1).jsonData(), as: UTF8.self).contains("\"hosts\""))
    }

    @Test func targetsSkippedEverywhereSayWhereAndWhy() {
        let merged = ResultsDocument.merged([
            .init(name: "a", outcome: .success(host("a", latency: 1, skipped: "no runc"))),
            .init(name: "b", outcome: .success(host("b", latency: 1, skipped: "no runc either"))),
        ])
        #expect(merged.targets.first { $0.name == "runc" }?.skipped == "a: no runc; b: no runc either")
    }

    @Test func theReportHasAHostsPartAndAColumnPerTargetAndHost() throws {
        let merged = ResultsDocument.merged(inputs)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = try ReportWriter(renderer: GnuplotRenderer(gnuplot: "/nonexistent/gnuplot")).write(merged, into: directory.url)
        let hosts = try String(contentsOf: directory.url.appendingPathComponent("hosts.md"), encoding: .utf8)
        #expect(hosts.contains("ghost: FAILED, no results: ssh: connect to host 10.251.0.99"))
        #expect(hosts.contains("kernel of lab2"))
        let features = try String(contentsOf: directory.url.appendingPathComponent("features.md"), encoding: .utf8)
        #expect(features.contains("crun @ lab1") && features.contains("runc @ lab2"))
        let performance = try String(contentsOf: directory.url.appendingPathComponent("performance.md"), encoding: .utf8)
        #expect(performance.contains("host=lab1") && performance.contains("host=lab2"))
        #expect(output.files.contains { $0.lastPathComponent == "report.html" })
    }

    @Test func inputsAreNamedByTheirDirectoriesOrExplicitly() {
        #expect(HostResultsInput.parse("out/hosts/lab2/results/results.json") == ("lab2", "out/hosts/lab2/results/results.json"))
        #expect(HostResultsInput.parse("Results/fleet/web1/results.json") == ("web1", "Results/fleet/web1/results.json"))
        #expect(HostResultsInput.parse("db=/tmp/x/results.json") == ("db", "/tmp/x/results.json"))
        #expect(HostResultsInput.parse("/a=b/results.json").name == "a=b", "an = inside a directory is part of the path")
    }

    /// The outcomes of `cbench run --hosts` decide which hosts failed; a file that cannot
    /// be read fails its host too; an explicit NAME=PATH wins over the recorded path.
    @Test func outcomesAndFilesMakeOneListOfHosts() {
        let outcomes = [
            HostResultsInput.Outcome(host: "lab1", address: "10.251.0.2", status: "ok", results: "o/hosts/lab1/results/results.json", error: nil),
            HostResultsInput.Outcome(host: "ghost", address: "10.251.0.99", status: "failed", results: nil, error: "ghost (10.251.0.99): unreachable"),
        ]
        let read: (String) throws -> ResultsDocument = { path in
            guard path.hasPrefix("o/") || path == "mine.json" else { throw CocoaError(.fileReadNoSuchFile) }
            return ReportFixture.document()
        }
        let inputs = HostResultsInput.collect(arguments: ["lab3=missing.json", "lab1=mine.json"], outcomes: outcomes, read: read)
        #expect(inputs.map(\.name) == ["lab1", "ghost", "lab3"])
        #expect(inputs.map { if case .success = $0.outcome { true } else { false } } == [true, false, false])
        if case .failure(let failure) = inputs[1].outcome { #expect(failure.message == "ghost (10.251.0.99): unreachable") }
        if case .failure(let failure) = inputs[2].outcome { #expect(failure.message.hasPrefix("cannot read missing.json")) }
        #expect(inputs[0].address == "10.251.0.2")
    }
}
