import Results
import Testing
@testable import Reports

/// Expected values were computed once with numpy 2.4.6 and SciPy 1.17.1
/// (`np.percentile` default method, `np.std(ddof=1)`,
/// `mannwhitneyu(method="asymptotic")`) and a Python port of SplitMix64.
@Suite struct StatisticsTests {
    static let odd = [3.2, 1.5, 9.8, 4.4, 2.0, 7.1, 5.5, 6.3, 8.9, 0.7, 12.4]
    static let skewed: [Double] = [10, 20, 20, 30, 40, 40, 40, 50, 60, 1000]
    static let twenty = [10.0, 16.2, 12.7, 18.9, 15.4, 11.9, 18.1, 14.6, 11.1, 17.3,
                         13.8, 10.3, 16.5, 13.0, 19.2, 15.7, 12.2, 18.4, 14.9, 11.4]

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func percentilesMatchNumpyLinear() {
        let expectedOdd: [(Double, Double)] = [(0, 0.7), (0.25, 2.6), (0.5, 5.5), (0.9, 9.8), (0.99, 12.14), (1, 12.4)]
        for (fraction, value) in expectedOdd {
            #expect(Self.close(Statistics.percentile(Self.odd, fraction), value), "p\(fraction)")
        }
        let expectedSkewed: [(Double, Double)] = [(0, 10), (0.25, 22.5), (0.5, 40), (0.9, 153.99999999999966), (0.99, 915.4000000000001), (1, 1000)]
        for (fraction, value) in expectedSkewed {
            #expect(Self.close(Statistics.percentile(Self.skewed, fraction), value), "p\(fraction)")
        }
    }

    @Test func percentileOfEdgeCases() {
        #expect(Statistics.percentile([], 0.5).isNaN)
        #expect(Statistics.percentile([4], 0.99) == 4)
        #expect(Statistics.percentile([1, 3], 0.5) == 2)
    }

    @Test func meanStandardDeviationAndCV() {
        #expect(Self.close(Statistics.mean(Self.odd), 5.618181818181818))
        #expect(Self.close(Statistics.standardDeviation(Self.odd), 3.7215099574818233))
        #expect(Self.close(Statistics.coefficientOfVariation(Self.odd), 0.6624046849886741))
        #expect(Self.close(Statistics.standardDeviation(Self.skewed), 305.70319665395135))
        #expect(Self.close(Statistics.coefficientOfVariation(Self.skewed), 2.333612188198102))
        #expect(Statistics.standardDeviation([5]) == 0)
        #expect(Statistics.coefficientOfVariation([0, 0]) == 0)
    }

    @Test func splitMixMatchesReferenceOutputs() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func bootstrapMedianIntervalMatchesSeededReference() throws {
        let standard = try #require(Statistics.bootstrapMedianInterval(Self.twenty, seed: 0x63_62_65_6E_63_68))
        #expect(Self.close(standard.low, 12.446250000000006))
        #expect(Self.close(standard.high, 16.35))
        let narrow = try #require(Statistics.bootstrapMedianInterval(Self.twenty, confidence: 0.9, resamples: 500, seed: 7))
        #expect(Self.close(narrow.low, 12.7))
        #expect(Self.close(narrow.high, 15.95))
        let skewed = try #require(Statistics.bootstrapMedianInterval(Self.skewed, seed: 42))
        #expect(skewed.low == 20 && skewed.high == 50)
    }

    @Test func sortedFastPathEqualsResamplingAndSorting() throws {
        for samples in [Self.twenty.sorted(), Self.odd.sorted(), Self.skewed, [7], [1, 2], [3, 3, 3, 4]] {
            for seed: UInt64 in [1, 42, Statistics.defaultSeed] {
                let fast = try #require(Statistics.bootstrapMedianInterval(samples, resamples: 300, seed: seed))
                let slow = try #require(Statistics.bootstrapInterval(samples, resamples: 300, seed: seed) {
                    Statistics.percentile(sorted: $0.sorted(), 0.5)
                })
                #expect(fast == slow, "\(samples) seed \(seed)")
            }
        }
    }

    @Test func bootstrapIsDeterministicPerSeed() throws {
        let first = try #require(Statistics.bootstrapMedianInterval(Self.twenty, seed: 99))
        let again = try #require(Statistics.bootstrapMedianInterval(Self.twenty, seed: 99))
        #expect(first == again)
        #expect(Statistics.bootstrapMedianInterval([], seed: 1) == nil)
    }

    /// Each side resampled on its own: a constant side adds nothing to the spread, and the
    /// interval of a difference between two constant sides is that difference.
    @Test func bootstrapMedianDifferenceResamplesEachSideOnItsOwn() throws {
        let constant = try #require(Statistics.bootstrapMedianDifferenceInterval([5, 5, 5], minus: [2, 2]))
        #expect(constant.low == 3 && constant.high == 3)
        let spread = try #require(Statistics.bootstrapMedianDifferenceInterval(Self.twenty, minus: [0, 0, 0], seed: 0x63_62_65_6E_63_68))
        let alone = try #require(Statistics.bootstrapMedianInterval(Self.twenty.sorted(), seed: 0x63_62_65_6E_63_68))
        #expect(spread.low == alone.low && spread.high == alone.high, "the same draws for the first side as its own interval")
        #expect(Statistics.bootstrapMedianDifferenceInterval([], minus: [1]) == nil)
        #expect(Statistics.bootstrapMedianDifferenceInterval([1], minus: []) == nil)
    }

    @Test func mannWhitneyMatchesScipy() throws {
        let x = [12.1, 11.8, 12.5, 13.0, 12.2, 11.9, 12.7, 12.0]
        let y = [13.1, 12.9, 13.6, 13.3, 12.8, 14.0, 13.2, 12.2]
        let shifted = try #require(Statistics.mannWhitneyU(x, y))
        #expect(shifted.u == 5.5)
        #expect(Self.close(shifted.pValue, 0.00628449611505754))

        let tied = try #require(Statistics.mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5], [3, 3, 4, 4, 5, 5, 6, 6, 7]))
        #expect(tied.u == 11)
        #expect(Self.close(tied.pValue, 0.01630200829707017))

        let same = try #require(Statistics.mannWhitneyU([1, 2, 3], [1, 2, 3]))
        #expect(same.u == 4.5 && same.pValue == 1)
        #expect(Statistics.mannWhitneyU([1, 1], [1, 1])?.pValue == 1)
        #expect(Statistics.mannWhitneyU([], [1]) == nil)
    }

    @Test func summaryCombinesEverything() throws {
        let summary = try #require(Summary(samples: Self.twenty))
        #expect(summary.n == 20)
        #expect(summary.min == 10 && summary.max == 19.2)
        #expect(Self.close(summary.p50, Statistics.percentile(Self.twenty, 0.5)))
        // Summary resamples the sorted samples, so the order they arrived in does not matter.
        #expect(Self.close(summary.ci95Low, 12.45))
        #expect(Self.close(summary.ci95High, 16.35))
        #expect(Summary(samples: Array(Self.twenty.reversed())) == summary)
        #expect(Summary(samples: []) == nil)
    }
}
