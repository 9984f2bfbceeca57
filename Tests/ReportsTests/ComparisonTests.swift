import Foundation
import Results
import Testing
@testable import Reports

@Suite struct ComparisonTests {
    /// 30 samples between 9.9 and 10.1.
    static let base: [Double] = (0..<30).map { (index: Int) -> Double in
        let step = Double((index * 37) % 11 - 5)
        return 10 + 0.02 * step
    }

    static func document(_ metrics: [(metric: String, samples: [Double], higherIsBetter: Bool?)]) -> ResultsDocument {
        var document = ReportFixture.document()
        document.measurements = metrics.map {
            MetricSamples(scenario: "startup", metric: $0.metric, unit: "ms", target: "crun", samples: $0.samples, higherIsBetter: $0.higherIsBetter)
        }
        return document
    }

    static func compare(_ base: [Double], _ new: [Double], higherIsBetter: Bool? = nil, thresholds: Thresholds = .standard) -> Comparison {
        Comparison(
            base: document([("latency", base, higherIsBetter)]),
            new: document([("latency", new, higherIsBetter)]),
            thresholds: thresholds)
    }

    @Test func thresholdsParse() throws {
        let parsed = try Thresholds(parsing: "p50=5%,p90=10%")
        #expect(parsed.limits[.p50] == 0.05 && parsed.limits[.p90] == 0.10 && parsed.limits[.cv] == 0.5)
        let custom = try Thresholds(parsing: " p99 = 25% , p90=off, cv=100, alpha=0.01")
        #expect(custom.limits[.p99] == 0.25 && custom.limits[.p90] == nil && custom.limits[.cv] == 1.0)
        #expect(custom.significance == 0.01)
        #expect(Thresholds.standard.text == "p50=5%,p90=10%,cv=50%")
        #expect(try Thresholds(parsing: "ratio=30%").ratioTolerance == 0.3)
        #expect(Thresholds.standard.ratioTolerance == 0.5)
        for bad in ["p50", "mean=5%", "p50=fast", "p50=-1%", "alpha=2", "ratio=lots"] {
            #expect(throws: ReportError.self, "\(bad)") { try Thresholds(parsing: bad) }
        }
    }

    @Test func identicalRunsAreUnchangedExitZero() {
        let comparison = Self.compare(Self.base, Self.base)
        #expect(comparison.entries.map(\.verdict) == [.unchanged])
        #expect(comparison.exitCode == 0)
    }

    @Test func slowerRunIsARegressionExitTwo() throws {
        let comparison = Self.compare(Self.base, Self.base.map { $0 * 1.2 })
        let entry = try #require(comparison.entries.first)
        #expect(entry.verdict == .regression)
        #expect((entry.pValue ?? 1) < 0.05)
        #expect(abs((entry.changes[.p50] ?? 0) - 0.2) < 1e-9)
        #expect(comparison.exitCode == 2)
        #expect(comparison.renderText().contains("REGRESSION"))
    }

    @Test func fasterRunIsAnImprovementExitFour() {
        let comparison = Self.compare(Self.base, Self.base.map { $0 * 0.8 })
        #expect(comparison.entries.map(\.verdict) == [.improvement])
        #expect(comparison.exitCode == 4)
    }

    @Test func higherIsBetterFlipsTheDirection() {
        let lowerThroughput = Self.compare(Self.base, Self.base.map { $0 * 0.8 }, higherIsBetter: true)
        #expect(lowerThroughput.entries.map(\.verdict) == [.regression])
        #expect(lowerThroughput.exitCode == 2)
    }

    @Test func widerSpreadWithTheSameMedianIsNoisy() throws {
        let wider = Self.base.map { 10 + ($0 - 10) * 10 }
        let comparison = Self.compare(Self.base, wider)
        let entry = try #require(comparison.entries.first)
        #expect(entry.verdict == .noisy, "\(entry.reasons)")
        #expect(comparison.exitCode == 2)
        let ignoringNoise = Self.compare(Self.base, wider, thresholds: try Thresholds(parsing: "cv=off"))
        #expect(ignoringNoise.exitCode == 0)
    }

    @Test func shiftWithoutSignificanceIsNotARegression() {
        // Three samples a side can never reach p < 0.05 with the normal approximation.
        let comparison = Self.compare([10, 11, 12], [13, 14, 15])
        #expect(comparison.entries.map(\.verdict) == [.unchanged])
        #expect(comparison.entries.first?.reasons.contains { $0.contains("not significant") } == true)
        #expect(comparison.exitCode == 0)
    }

    @Test func aRegressionOutweighsImprovements() {
        let base = Self.document([("a", Self.base, nil), ("b", Self.base, nil)])
        let new = Self.document([("a", Self.base.map { $0 * 0.7 }, nil), ("b", Self.base.map { $0 * 1.3 }, nil)])
        let comparison = Comparison(base: base, new: new)
        #expect(comparison.entries.map(\.verdict) == [.improvement, .regression])
        #expect(comparison.exitCode == 2)
    }

    @Test func meanAloneNeverDecides() throws {
        // One huge outlier moves the mean by 30% but leaves p50 and p90 alone.
        var new = Self.base
        new[0] = 100
        let comparison = Comparison(
            base: Self.document([("latency", Self.base, nil)]),
            new: Self.document([("latency", new, nil)]),
            thresholds: try Thresholds(parsing: "cv=off"))
        #expect(comparison.exitCode == 0)
    }

    /// A target or metric the base had and the new run lacks is lost data: exit 5, said so.
    @Test func missingMeasurementsFailWithTheirOwnExitCode() {
        let base = Self.document([("a", Self.base, nil), ("gone", Self.base, nil)])
        let new = Self.document([("a", Self.base, nil), ("added", Self.base, nil)])
        var changedHost = new
        changedHost.environment.kernel = "6.19.0"
        let comparison = Comparison(base: base, new: changedHost)
        #expect(comparison.onlyInBase.map(\.series.metric) == ["gone"])
        #expect(comparison.onlyInNew.map(\.series.metric) == ["added"])
        #expect(comparison.exitCode == 5)
        let text = comparison.renderText()
        #expect(text.contains("MISSING in the new run: startup/gone crun"))
        #expect(text.contains("kernel: 6.18.0 → 6.19.0"))
        #expect(text.contains("1 missing in the new run → exit 5: the new run lacks a target or metric the base had"))
    }

    /// The summary never says "0 regression" while the exit code says 2.
    @Test func aNoisyMetricIsCountedAsARegressionInTheSummary() {
        let comparison = Self.compare(Self.base, Self.base.map { 10 + ($0 - 10) * 10 })
        #expect(comparison.summaryLine() == "0 regression, 1 noisy (counted as regressions), 0 improvement, 0 unchanged, 0 missing in the new run → exit 2: a regression")
    }

    @Test func aQuantisedMetricGetsNoNoiseVerdictAndNeitherDirectionIsNotJudged() {
        var base = Self.document([("peak", Self.base, nil), ("host", Self.base, nil)])
        base.scenarios = [ScenarioEntry(name: "startup", kind: "performance", metrics: [
            MetricDefinition(name: "peak", unit: "MB", better: .lower, resolution: 0.25),
            MetricDefinition(name: "host", unit: "MB", better: .neither),
        ])]
        var new = Self.document([("peak", Self.base.map { 10 + ($0 - 10) * 10 }, nil), ("host", Self.base.map { $0 * 0.5 }, nil)])
        new.scenarios = base.scenarios
        let comparison = Comparison(base: base, new: new)
        #expect(comparison.entries.map(\.verdict) == [.unchanged, .unchanged])
        #expect(comparison.entries.last?.reasons.first?.contains("neither way is better") == true)
        #expect(comparison.exitCode == 0)
    }
}
