import Results
import Testing

/// The ratio of medians and its two-sample bootstrap interval, by which the overhead section
/// judges "no measurable overhead". Expected values from numpy 2.4.6 (`np.median`,
/// `np.percentile` default method) over a Python port of SplitMix64 drawing the numerator's
/// resample first, then the denominator's, 2000 times.
@Suite struct RatioStatisticsTests {
    @Test func ratioAndIntervalMatchNumpy() throws {
        let estimate = try #require(Statistics.ratioOfMedians(StatisticsTests.twenty, StatisticsTests.odd))
        #expect(StatisticsTests.close(estimate.ratio, 2.6818181818181817))
        #expect(StatisticsTests.close(estimate.low, 1.6123595505617978))
        #expect(StatisticsTests.close(estimate.high, 7.45))
        #expect(!estimate.containsOne)
        let inverse = try #require(Statistics.ratioOfMedians(StatisticsTests.odd, StatisticsTests.twenty))
        #expect(StatisticsTests.close(inverse.ratio, 0.3728813559322034))
        #expect(StatisticsTests.close(inverse.low, 0.132013201320132))
        #expect(StatisticsTests.close(inverse.high, 0.6202090592334495))
    }

    @Test func constantSamplesGiveAnExactRatio() throws {
        let estimate = try #require(Statistics.ratioOfMedians([3, 3, 3], [2, 2, 2, 2]))
        #expect(estimate == RatioEstimate(ratio: 1.5, low: 1.5, high: 1.5))
    }

    @Test func theSameSamplesHoldOneInTheirInterval() throws {
        let estimate = try #require(Statistics.ratioOfMedians(StatisticsTests.twenty, StatisticsTests.twenty))
        #expect(estimate.ratio == 1)
        #expect(estimate.containsOne)
        #expect(estimate.low < 1 && estimate.high > 1)
    }

    @Test func noRatioWithoutSamplesOrOfAZeroMedian() {
        #expect(Statistics.ratioOfMedians([], [1]) == nil)
        #expect(Statistics.ratioOfMedians([1], []) == nil)
        #expect(Statistics.ratioOfMedians([1, 2], [0, 0, 0]) == nil)
    }

    @Test func theSeedFixesTheInterval() {
        let first = Statistics.ratioOfMedians(StatisticsTests.odd, StatisticsTests.twenty, seed: 7)
        #expect(first == Statistics.ratioOfMedians(StatisticsTests.odd, StatisticsTests.twenty, seed: 7))
        #expect(first != Statistics.ratioOfMedians(StatisticsTests.odd, StatisticsTests.twenty, seed: 8))
    }
}
