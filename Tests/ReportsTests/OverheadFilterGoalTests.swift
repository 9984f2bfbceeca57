import Results
import Testing
@testable import Reports

/// The seccomp goal judged round by round: ours against Docker's filter cost is missed only
/// when the interval of the rounds' differences lies above 0, so a few ns of a noisy call do
/// not decide it either way.
@Suite struct OverheadFilterGoalTests {
    typealias Fixture = OverheadSectionTests
    static let stat = [MetricDefinition(name: "syscall stat", unit: "ns", better: .lower)]

    static func markdown(ours: [Double], docker: [Double], oursUnfiltered: [Double]? = nil) throws -> String {
        let base: [Double] = [500, 500, 500, 500, 500, 500]
        return try Fixture.markdown([
            Fixture.samples("syscall stat", "ns", "host", Fixture.filtered, base),
            Fixture.samples("syscall stat", "ns", "host", Fixture.unfiltered, base),
            Fixture.samples("syscall stat", "ns", "cbench-app", Fixture.filtered, ours),
            Fixture.samples("syscall stat", "ns", "cbench-app", Fixture.unfiltered, oursUnfiltered ?? base),
            Fixture.samples("syscall stat", "ns", "docker", Fixture.filtered, docker),
            Fixture.samples("syscall stat", "ns", "docker", Fixture.unfiltered, base),
        ], targets: ["host", "cbench-app", "docker"], metrics: stat)
    }

    /// Ours 10 ns dearer at the median, but the rounds' differences swing from -20 to +30:
    /// not measurably dearer, so met, with both figures and the interval shown.
    @Test func aDifferenceInsideTheRoundsNoiseIsNotAMiss() throws {
        let markdown = try Self.markdown(ours: [550, 520, 560, 540, 570, 530], docker: [540, 540, 530, 520, 550, 550])
        #expect(markdown.contains("against Docker's on runc: met (stat 45.00 ns against 40.00 ns)."))
        #expect(markdown.contains("Ours minus Docker's (95% interval, each target's rounds resampled): stat "))
    }

    @Test func aCallDearerInEveryRoundIsMissed() throws {
        let markdown = try Self.markdown(ours: [560, 561, 559, 562, 560, 558], docker: [540, 541, 539, 540, 542, 538])
        #expect(markdown.contains("against Docker's on runc: missed on stat (stat 60.00 ns against 40.00 ns)."))
        #expect(markdown.contains("stat 18.00 to 22.00 ns; a call is missed only where that interval lies above 0."))
    }

    /// A round of ours without its unfiltered run: no pairing, so the medians are compared as
    /// they are and the host's drift is named as the limit of what is measurable.
    @Test func withoutPairedRoundsTheMediansDecide() throws {
        let markdown = try Self.markdown(ours: [545, 545, 545, 545, 545, 545], docker: [540, 540, 540, 540, 540, 540],
                                         oursUnfiltered: [500, 500, 500, 500, 500])
        #expect(markdown.contains("against Docker's on runc: missed on stat (stat 45.00 ns against 40.00 ns). "
                                  + "The host, with no filter in either, moved by stat 0 ns"))
        #expect(!markdown.contains("rounds resampled"))
    }
}
