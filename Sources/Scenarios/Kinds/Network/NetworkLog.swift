import Results
import Targets

/// What a network scenario gathers beside its samples: the pairs it placed, every round's
/// counts (unanswered round trips are counted, never dropped), iperf3's details, and per
/// target what it showed across hosts, for the feature cell.
struct NetworkLog {
    var pairs: [[ResultValue]] = []
    var roundTrips: [[ResultValue]] = []
    var throughputs: [[ResultValue]] = []
    /// Target name to what decides its cell of the feature row.
    var crossHost: [String: CrossHostEvidence] = [:]

    struct CrossHostEvidence {
        var reached: [String] = []
        var failures: [String] = []
        var refusals: [(reason: String, command: String?, evidence: String)] = []
    }

    mutating func pair(_ target: String, _ choice: NetworkKind.Choice, client: String, server: String, what: String) {
        pairs.append([.text(target), .text(choice.rawValue), .text(client), .text(server), .text(what)])
    }

    mutating func roundTrip(_ target: String, _ choice: NetworkKind.Choice, iteration: Int, _ result: PingPongResult) {
        let sorted = result.successfulMicroseconds.sorted()
        let percentile = { (fraction: Double) -> ResultValue in
            sorted.isEmpty ? .text("–") : .number(Statistics.percentile(sorted: sorted, fraction))
        }
        roundTrips.append([.text(target), .text(NetworkKind.parameters(choice)["placement"] ?? ""), .text(result.protocol),
                           .number(Double(iteration + 1)), .number(Double(result.requested)), .number(Double(sorted.count)),
                           .number(Double(result.unansweredCount)), percentile(0.5), percentile(0.99)])
    }

    mutating func throughput(_ target: String, _ choice: NetworkKind.Choice, iteration: Int, _ result: IperfResult) {
        throughputs.append([.text(target), .text(NetworkKind.parameters(choice)["placement"] ?? ""), .number(Double(iteration + 1)),
                            .number(result.receivedGigabitsPerSecond), .number(result.sentBitsPerSecond / 1e9),
                            result.retransmits.map { .number(Double($0)) } ?? .text("–")])
    }

    func record(_ recorder: ScenarioRecorder) {
        if !pairs.isEmpty {
            recorder.table("pairs", title: "Where each pair stood", columns: ["target", "placement", "client", "server", "network"], rows: pairs,
                           note: "The tools ran in each container's network namespace; lab hosts are network namespaces of this machine.")
        }
        if !roundTrips.isEmpty {
            recorder.table("round-trips", title: "Round trips per run",
                           columns: ["target", "placement", "protocol", "iteration", "sent", "answered", "unanswered", "p50 µs", "p99 µs"],
                           rows: roundTrips, note: "A UDP message without an answer within a second, or one not sent before the deadline, is unanswered.")
        }
        if !throughputs.isEmpty {
            recorder.table("throughput", title: "iperf3 runs", columns: ["target", "placement", "iteration", "Gbit/s received", "Gbit/s sent", "retransmits"],
                           rows: throughputs, note: "One TCP stream; the receiver's count is the sample.")
        }
    }

    /// The cell of the feature row for `target`, nil when nothing across hosts was tried.
    func feature(_ target: String) -> FeatureResult? {
        guard let evidence = crossHost[target] else { return nil }
        if !evidence.reached.isEmpty {
            return FeatureResult(feature: NetworkKind.feature, target: target, outcome: .supported,
                                 evidence: (evidence.reached + evidence.failures + evidence.refusals.map { "\($0.reason)\n\($0.evidence)" })
                                    .joined(separator: "\n"),
                                 detail: "a container on one lab host reached one on the other")
        }
        if !evidence.failures.isEmpty {
            return FeatureResult(feature: NetworkKind.feature, target: target, outcome: .failed,
                                 evidence: evidence.failures.joined(separator: "\n"), detail: "the pair across hosts failed")
        }
        guard let refusal = evidence.refusals.first else { return nil }
        return FeatureResult(feature: NetworkKind.feature, target: target, outcome: .notSupported,
                             evidence: evidence.refusals.map { "\($0.reason)\n\($0.evidence)" }.joined(separator: "\n\n"),
                             detail: refusal.reason, command: refusal.command)
    }
}
