import FoundationEssentials
import NamespaceCore
import Results

/// What `cbench-pingpong client` prints: every round trip in nanoseconds (-1 for a probe that
/// got no answer), kept raw; percentiles are derived. The measurement primitive of the
/// `network` scenario kind (TCP and UDP round-trip time).
public struct PingPongResult: Codable, Sendable, Equatable {
    public var `protocol`: String
    public var host: String
    public var port: Int
    public var size: Int
    public var requested: Int
    public var completed: Int
    public var failed: Int
    public var rttNanoseconds: [Int64]

    enum CodingKeys: String, CodingKey {
        case `protocol`, host, port, size, requested, completed, failed
        case rttNanoseconds = "rtt_ns"
    }

    public static func parse(_ output: String) throws(CoreError) -> PingPongResult {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw CoreError(stage: "cbench-pingpong", detail: "printed no result: \(output.prefix(200))")
        }
        do {
            return try JSONDecoder().decode(PingPongResult.self, from: Data(line.utf8))
        } catch {
            throw CoreError(stage: "cbench-pingpong", detail: "result is not valid JSON: \(error)")
        }
    }

    /// Round trips that got an answer, in microseconds.
    public var successfulMicroseconds: [Double] {
        rttNanoseconds.filter { $0 >= 0 }.map { Double($0) / 1000 }
    }

    /// p50, p90 and p99 of the answered round trips, in microseconds (nil when none answered).
    public var percentilesMicroseconds: (p50: Double, p90: Double, p99: Double)? {
        let sorted = successfulMicroseconds.sorted()
        guard !sorted.isEmpty else { return nil }
        return (Statistics.percentile(sorted: sorted, 0.5), Statistics.percentile(sorted: sorted, 0.9),
                Statistics.percentile(sorted: sorted, 0.99))
    }

    /// Requested round trips that did not complete (deadline) count as failed with those
    /// without an answer: nothing is dropped.
    public var unansweredCount: Int { failed + (requested - completed) }
}
