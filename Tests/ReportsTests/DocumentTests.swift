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
        #expect(text.contains("\"schemaVersion\" : 1"))
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
        let json = #"{"schemaVersion": 2, "suite": "x"}"#
        #expect(throws: ReportError.self) { try ResultsDocument.decode(from: Data(json.utf8)) }
        do {
            _ = try ResultsDocument.decode(from: Data(json.utf8))
        } catch let error as ReportError {
            #expect(error.description.contains("schemaVersion 2 is not supported"))
        }
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
