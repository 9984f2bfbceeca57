import FoundationEssentials
import NamespaceCore

/// The parts of `iperf3 --json` output the network measurements keep: throughput as the
/// receiver saw it (TCP `end.sum_received`, UDP `end.sum`), the sender's retransmits, UDP loss
/// and jitter, and iperf3's own `error` when the test failed.
public struct IperfResult: Sendable, Equatable {
    public var protocolName: String
    public var seconds: Double
    public var receivedBitsPerSecond: Double
    public var sentBitsPerSecond: Double
    public var retransmits: Int?
    public var lostPercent: Double?
    public var jitterMilliseconds: Double?

    struct Output: Decodable {
        struct Start: Decodable {
            struct Test: Decodable { var `protocol`: String }
            var test_start: Test?
        }
        struct Sum: Decodable {
            var seconds: Double?
            var bits_per_second: Double?
            var retransmits: Int?
            var lost_percent: Double?
            var jitter_ms: Double?
        }
        struct End: Decodable {
            var sum: Sum?
            var sum_sent: Sum?
            var sum_received: Sum?
        }
        var start: Start?
        var end: End?
        var error: String?
    }

    public static func parse(_ json: String) throws(CoreError) -> IperfResult {
        let output: Output
        do { output = try JSONDecoder().decode(Output.self, from: Data(json.utf8)) } catch {
            throw CoreError(stage: "iperf3", detail: "output is not valid JSON: \(error)")
        }
        if let error = output.error { throw CoreError(stage: "iperf3", detail: error) }
        let name = output.start?.test_start?.protocol ?? "TCP"
        guard let end = output.end, let sent = end.sum_sent,
              let received = name == "UDP" ? (end.sum ?? end.sum_received) : end.sum_received,
              let receivedRate = received.bits_per_second, let sentRate = sent.bits_per_second else {
            throw CoreError(stage: "iperf3", detail: "output has no end.sum_sent/sum_received: the test did not finish")
        }
        return IperfResult(protocolName: name, seconds: received.seconds ?? 0, receivedBitsPerSecond: receivedRate,
                           sentBitsPerSecond: sentRate, retransmits: sent.retransmits,
                           lostPercent: name == "UDP" ? received.lost_percent : nil,
                           jitterMilliseconds: name == "UDP" ? received.jitter_ms : nil)
    }

    public var receivedGigabitsPerSecond: Double { receivedBitsPerSecond / 1e9 }
}
