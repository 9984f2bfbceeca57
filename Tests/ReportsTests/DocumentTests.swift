import Foundation
import Results
import Testing
@testable import Reports

@Suite struct DocumentTests {
    @Test func jsonRoundTripKeepsEverything() throws {
        let document = ReportFixture.document().summarized()
        let data = try document.jsonData()
        let decoded = try ResultsDocument.decode(from: data)
        #expect(decoded == document)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"schemaVersion\" : 2"))
        #expect(decoded.failures.count == 2 && decoded.notes.count == 1 && decoded.tables.count == 1)
        #expect(decoded.scenario(named: "startup")?.metric("start-to-exit")?.coverage(of: "runc") == "runc create + start + wait + delete")
        #expect(text.contains("\"startedAt\" : \"2026-"))
    }

    @Test func nonFiniteNumbersSurviveJSON() throws {
        var document = ReportFixture.document()
        document.measurements = [MetricSamples(scenario: "s", metric: "m", unit: "ms", target: "crun", samples: [0, 0, 1])]
        var summarized = document.summarized()
        summarized.measurements[0].summary?.cv = .infinity
        let decoded = try ResultsDocument.decode(from: summarized.jsonData())
        #expect(decoded.measurements[0].summary?.cv == .infinity)
    }

    @Test func newerSchemaIsRefusedClearly() throws {
        let json = #"{"schemaVersion": 3, "suite": "x"}"#
        #expect(throws: ReportError.self) { try ResultsDocument.decode(from: Data(json.utf8)) }
        do {
            _ = try ResultsDocument.decode(from: Data(json.utf8))
        } catch let error as ReportError {
            #expect(error.description.contains("schemaVersion 3 is not supported"))
        }
    }

    /// A document written before failures, scenarios, notes, tables and series existed.
    @Test func aVersionOneDocumentStillReads() throws {
        let json = """
        {"schemaVersion": 1, "suite": "quick", "startedAt": "2026-01-02T03:04:05Z", "partial": false,
         "environment": {"kernel": "6.18", "distribution": "d", "cpuModel": "c", "cores": 2, "memoryBytes": 1,
                         "cgroupMode": "hybrid", "limits": {}, "versions": {}},
         "targets": [{"name": "crun", "version": "1.8.1"}],
         "features": [{"feature": "uts isolation", "target": "crun", "outcome": "supported", "evidence": "x"}],
         "measurements": [{"scenario": "startup", "metric": "create-to-exit", "unit": "ms", "target": "crun",
                           "parameters": {}, "samples": [9, 10]}]}
        """
        let document = try ResultsDocument.decode(from: Data(json.utf8))
        #expect(document.schemaVersion == 1)
        #expect(document.measurements.first?.samples == [9, 10])
        #expect(document.features.first?.command == nil)
        #expect(document.failures.isEmpty && document.scenarios.isEmpty && document.notes.isEmpty)
        #expect(document.tables.isEmpty && document.series.isEmpty)
    }

    @Test func missingFileNamesItsErrno() throws {
        do {
            _ = try ResultsDocument.load(from: URL(fileURLWithPath: "/tmp/cbench-reports-does-not-exist/results.json"))
            Issue.record("loading a missing file succeeded")
        } catch let error as ReportError {
            #expect(error.description.hasPrefix("read /tmp/cbench-reports-does-not-exist/results.json: ENOENT"), "\(error)")
        }
    }

    @Test func summarizedRecomputesFromSamples() {
        var document = ReportFixture.document()
        document.measurements[0].summary = Summary(n: 1, min: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0, stddev: 0, cv: 0, ci95Low: 0, ci95High: 0)
        let summarized = document.summarized()
        #expect(summarized.measurements[0].summary == Summary(samples: document.measurements[0].samples))
    }
}
