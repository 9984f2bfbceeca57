import Results
import Testing
@testable import Reports

/// The overhead ratio paired by round: a host whose speed drifts from round to round, and a
/// target a fixed 10% slower in every round, are told apart only when each round is divided
/// by its own host round.
struct PairedRatioTests {
    static let drifting: [Double] = [4000, 9000, 5000, 12000, 6000, 15000, 7000, 8000]

    @Test func aFixedOverheadOnADriftingHostIsFoundByRound() throws {
        let target = Self.drifting.map { $0 * 1.1 }
        let paired = try #require(PairedRatio.estimate(target, Self.drifting))
        #expect(abs(paired.ratio - 1.1) < 1e-9)
        #expect(!paired.containsOne && paired.low > 1.09)
        // Two independent medians cannot see it through the drift.
        let unpaired = try #require(Statistics.ratioOfMedians(target, Self.drifting))
        #expect(unpaired.containsOne)
    }

    @Test func noOverheadOnADriftingHostHoldsOne() throws {
        // Each round a little faster or slower than its host round, by turns.
        let target = Self.drifting.enumerated().map { $0.offset % 2 == 0 ? $0.element * 1.03 : $0.element * 0.97 }
        let paired = try #require(PairedRatio.estimate(target, Self.drifting))
        #expect(paired.containsOne)
    }

    @Test func samplesThatAreNotTheSameRoundsAreNotPaired() {
        #expect(PairedRatio.estimate([1, 2, 3], [1, 2]) == nil)
        #expect(PairedRatio.estimate([1, 2], [1, 0]) == nil)
        #expect(PairedRatio.estimate([], []) == nil)
        let failure = FailureRecord(scenario: "overhead", target: "crun", parameters: ["workload": "memory"], iteration: 2, warmup: false,
                                    stage: "exit", error: "the workload ended with signal 9")
        #expect(PairedRatio.pairable(target: "runc", host: "host", scenario: "overhead", parameters: ["workload": "memory"],
                                     counts: (5, 5), failures: [failure]))
        #expect(!PairedRatio.pairable(target: "crun", host: "host", scenario: "overhead", parameters: ["workload": "memory"],
                                      counts: (4, 4), failures: [failure]))
        #expect(!PairedRatio.pairable(target: "runc", host: "host", scenario: "overhead", parameters: ["workload": "memory"],
                                      counts: (5, 4), failures: []))
    }
}
