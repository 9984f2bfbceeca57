import Foundation
import Results
import Testing
@testable import Reports

/// `cbench run --baseline`: ratios to the reference target against the baseline's interval.
@Suite struct BaselineJudgementTests {
    /// 30 samples around `center`, a few percent apart.
    static func samples(_ center: Double) -> [Double] {
        (0..<30).map { (index: Int) -> Double in
            let step = Double((index * 37) % 11 - 5) / 5
            return center * (1 + 0.03 * step)
        }
    }

    static func document(_ values: [String: Double], machine: Double = 1) -> ResultsDocument {
        var document = ReportFixture.document()
        document.measurements = values.sorted { $0.key < $1.key }.map { target, center in
            MetricSamples(scenario: "ci-startup", metric: "create-to-exit", unit: "ms", target: target, samples: samples(center * machine))
        }
        return document
    }

    @Test func aWholeMachineGettingSlowerChangesNoRatio() {
        let base = Self.document(["crun": 10, "cbench-oci": 20])
        let judgement = BaselineJudgement(base: base, new: Self.document(["crun": 10, "cbench-oci": 20], machine: 3), reference: "crun")
        #expect(judgement.entries.map(\.verdict) == [.unchanged])
        #expect(judgement.exitCode == 0)
    }

    @Test func onlyARatioWellBeyondItsIntervalIsARegression() throws {
        let base = Self.document(["crun": 10, "cbench-oci": 20])
        // 30% worse: beyond the interval but not by 50% more, so not certain on a noisy machine.
        let slightly = BaselineJudgement(base: base, new: Self.document(["crun": 10, "cbench-oci": 26]), reference: "crun")
        #expect(slightly.entries.first?.verdict == .unchanged)
        let much = BaselineJudgement(base: base, new: Self.document(["crun": 10, "cbench-oci": 40]), reference: "crun")
        let entry = try #require(much.entries.first)
        #expect(entry.verdict == .regression)
        #expect(abs(entry.baseRatio - 2) < 0.05 && abs(entry.newRatio - 4) < 0.1)
        #expect(entry.baseInterval.low < 2 && entry.baseInterval.high > 2)
        #expect(much.exitCode == 2)
        #expect(much.renderText().contains("1 regression, 0 improvement, 0 unchanged, 0 missing in the new run → exit 2: a regression"))
        let faster = BaselineJudgement(base: base, new: Self.document(["crun": 10, "cbench-oci": 8]), reference: "crun")
        #expect(faster.entries.first?.verdict == .improvement && faster.exitCode == 4)
    }

    @Test func aTargetTheBaselineHadIsMissingWithItsOwnExitCode() {
        let base = Self.document(["crun": 10, "cbench-oci": 20, "runc": 26])
        let judgement = BaselineJudgement(base: base, new: Self.document(["crun": 10, "cbench-oci": 20]), reference: "crun")
        #expect(judgement.missing.map(\.target) == ["runc"])
        #expect(judgement.exitCode == 5)
        #expect(judgement.renderText().contains("MISSING in the new run: ci-startup/create-to-exit runc"))
    }

    @Test func theToleranceComesFromTheThresholds() throws {
        let base = Self.document(["crun": 10, "cbench-oci": 20])
        let tight = try Thresholds(parsing: "ratio=5%")
        let judgement = BaselineJudgement(base: base, new: Self.document(["crun": 10, "cbench-oci": 26]), reference: "crun",
                                          tolerance: tight.ratioTolerance)
        #expect(judgement.entries.first?.verdict == .regression)
    }

    @Test func backToBackRunsReportOverlapAndRatioDrift() throws {
        let first = Self.document(["crun": 10, "cbench-oci": 20])
        let second = Self.document(["crun": 10, "cbench-oci": 30])
        let report = Reproducibility([first, second].map { $0.summarized() }, reference: "crun")
        let oci = try #require(report.rows.first { $0.key.target == "cbench-oci" })
        #expect(oci.overlaps == [false])
        let drift = try #require(oci.ratioDrift.first ?? nil)
        #expect(abs(drift - 0.5) < 0.01)
        let crun = try #require(report.rows.first { $0.key.target == "crun" })
        #expect(crun.overlaps == [true] && crun.ratioDrift == [nil])
        #expect(report.markdown().contains("later medians whose interval does not overlap the first run's"))
    }
}
