import Results

/// The ratio of a target to the bare host when both ran in the same interleaved rounds:
/// sample i of each is round i, taken seconds apart. On a machine whose speed drifts with
/// what else runs (timed as whole 64 MiB passes, a page fault read 3-9 µs with the host quiet
/// and 15-28 µs with builds running here), comparing each target's round with the host's round
/// removes the drift that two independent medians keep: the ratio is the median of the per-round ratios, and its 95%
/// interval comes from a bootstrap that resamples whole rounds.
enum PairedRatio {
    /// nil when the samples cannot be paired (different counts) or a host sample is 0.
    static func estimate(_ target: [Double], _ host: [Double], confidence: Double = 0.95, resamples: Int = 2000,
                         seed: UInt64 = Statistics.defaultSeed) -> RatioEstimate? {
        guard !target.isEmpty, target.count == host.count, !host.contains(0), resamples > 0 else { return nil }
        let ratios = zip(target, host).map { $0 / $1 }
        var generator = SplitMix64(seed: seed)
        var resample = [Double](repeating: 0, count: ratios.count)
        var medians: [Double] = []
        medians.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for slot in resample.indices { resample[slot] = ratios[generator.index(below: ratios.count)] }
            medians.append(Statistics.median(resample))
        }
        medians.sort()
        let tail = (1 - confidence) / 2
        return RatioEstimate(ratio: Statistics.median(ratios), low: Statistics.percentile(sorted: medians, tail),
                             high: Statistics.percentile(sorted: medians, 1 - tail))
    }

    /// Whether a target's samples and the host's are the same rounds: no step of either
    /// failed in the scenario (a failed step leaves its round without a sample, so sample i
    /// would no longer be round i) and both have as many.
    static func pairable(target: String, host: String, scenario: String, parameters: [String: String],
                         counts: (Int, Int), failures: [FailureRecord]) -> Bool {
        counts.0 == counts.1 && !failures.contains {
            $0.scenario == scenario && !$0.warmup && $0.parameters == parameters && ($0.target == target || $0.target == host)
        }
    }
}
