import Results

extension OverheadTable {
    /// One call's filter cost, ours against Docker's on runc, for the seccomp goal.
    struct FilterComparison {
        var call: String
        var ours: Double
        var docker: Double
        /// The 95% bootstrap interval of ours minus Docker's: each target's rounds of
        /// with-minus-without (precise, as the two run side by side) resampled on its own. The
        /// host's drift is the same in both and cancels. Nil where a round lacks a point.
        var excess: (low: Double, high: Double)?

        /// Missed only when ours is measurably dearer: the interval lies above 0. Without an
        /// interval, the two figures are compared as they are.
        var met: Bool { excess.map { $0.low <= 0 } ?? (ours <= docker) }
    }

    func filterComparison(call: String) -> FilterComparison? {
        guard let own = filterChange(Self.ownOverlay, call), let docker = filterChange(Self.dockerOnRunc, call),
              let host = filterChange(OverheadSection.baseline, call)?.median else { return nil }
        var comparison = FilterComparison(call: call, ours: own.median - host, docker: docker.median - host)
        if let ownRounds = own.rounds, let dockerRounds = docker.rounds {
            comparison.excess = Statistics.bootstrapMedianDifferenceInterval(ownRounds, minus: dockerRounds)
        }
        return comparison
    }

    /// With the default filter minus without one, of one target, round by round (they run side
    /// by side in each round); nil unless every round has both.
    func roundChanges(_ target: String, _ call: String) -> [Double]? {
        let measurements = input.measurements(of: scenario.name, metric: call)
        guard let with = measurements.first(where: { $0.target == target && $0.parameters["filter"] == "default" }),
              let without = measurements.first(where: { $0.target == target && $0.parameters["filter"] == "none" }),
              !with.samples.isEmpty else { return nil }
        // The same rule as a target's rounds against the host's, here between two points of one target.
        let rounds = [with.parameters, without.parameters].allSatisfy {
            PairedRatio.pairable(target: target, host: target, scenario: scenario.name, parameters: $0,
                                 counts: (with.samples.count, without.samples.count), failures: input.document.failures)
        }
        return rounds ? zip(with.samples, without.samples).map { $0 - $1 } : nil
    }

    /// The seccomp goal's line: each call's two costs, and where the rounds pair, the interval
    /// of the difference that judges it.
    func filterGoalLine() -> String {
        let calls = ["syscall getpid", "syscall stat", "syscall personality"]
        let compared = calls.compactMap(filterComparison(call:))
        guard !compared.isEmpty else {
            return "seccomp filter cost of cbench app against Docker: not measured in this run (needs both, with and without filters)."
        }
        func short(_ call: String) -> String { call.replacingOccurrences(of: "syscall ", with: "") }
        let costs = compared.map { "\(short($0.call)) \(Formatting.number($0.ours)) ns against \(Formatting.number($0.docker)) ns" }
        let missed = compared.filter { !$0.met }.map { short($0.call) }
        var line = "cbench app's default filter per call against Docker's on runc: "
            + (missed.isEmpty ? "met" : "missed on " + missed.joined(separator: ", ")) + " (" + costs.joined(separator: "; ") + ")."
        let intervals = compared.compactMap { item in
            item.excess.map { "\(short(item.call)) \(Formatting.number($0.low)) to \(Formatting.number($0.high)) ns" }
        }
        if !intervals.isEmpty {
            line += " Ours minus Docker's (95% interval, each target's rounds resampled): " + intervals.joined(separator: ", ")
                + "; a call is missed only where that interval lies above 0."
        }
        if intervals.count < compared.count {
            let drift = compared.filter { $0.excess == nil }.compactMap { item in
                filterCost(target: OverheadSection.baseline, call: item.call).map { "\(short(item.call)) \(Formatting.number($0)) ns" }
            }
            if !drift.isEmpty {
                line += " The host, with no filter in either, moved by " + drift.joined(separator: ", ")
                    + ": a difference smaller than that is not measurable."
            }
        }
        return line
    }
}
