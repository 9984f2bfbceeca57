import Foundation

/// What `wrk --latency` printed for one run: requests per second, the latency percentiles of
/// its histogram (50, 75, 90, 99), how many requests and in what time, and the errors
/// (socket errors of every kind, answers that were not 2xx or 3xx).
public struct WrkResult: Sendable, Equatable {
    public var requests: Int
    public var seconds: Double
    public var requestsPerSecond: Double
    /// Percentile (50, 75, 90, 99) to milliseconds.
    public var latencyMilliseconds: [Int: Double]
    public var socketErrors: Int
    public var non2xx3xx: Int

    public var errors: Int { socketErrors + non2xx3xx }

    public init(requests: Int, seconds: Double, requestsPerSecond: Double, latencyMilliseconds: [Int: Double],
                socketErrors: Int = 0, non2xx3xx: Int = 0) {
        self.requests = requests
        self.seconds = seconds
        self.requestsPerSecond = requestsPerSecond
        self.latencyMilliseconds = latencyMilliseconds
        self.socketErrors = socketErrors
        self.non2xx3xx = non2xx3xx
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses wrk 4's report; a report without the request count, the rate or the latency
    /// distribution (no `--latency`) is an error quoting what is missing.
    public static func parse(_ text: String) throws -> WrkResult {
        var requests: Int?
        var seconds: Double?
        var rate: Double?
        var latencies: [Int: Double] = [:]
        var socketErrors = 0
        var non2xx3xx = 0
        var inDistribution = false
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Latency Distribution") {
                inDistribution = true
                continue
            }
            if inDistribution, words.count == 2, words[0].hasSuffix("%"), let percent = Double(words[0].dropLast()) {
                guard let value = duration(words[1]) else { throw ParseError(description: "wrk: cannot read latency '\(words[1])'") }
                latencies[Int(percent.rounded())] = value
                continue
            }
            inDistribution = false
            if words.count >= 4, words[1] == "requests", words[2] == "in", let count = Int(words[0]) {
                requests = count
                seconds = duration(String(words[3].dropLast(words[3].hasSuffix(",") ? 1 : 0))).map { $0 / 1000 }
            } else if line.hasPrefix("Requests/sec:"), let value = words.last.flatMap(Double.init) {
                rate = value
            } else if line.hasPrefix("Socket errors:") {
                // Socket errors: connect 0, read 1, write 0, timeout 2
                socketErrors = words.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }.reduce(0, +)
            } else if line.hasPrefix("Non-2xx or 3xx responses:"), let count = words.last.flatMap(Int.init) {
                non2xx3xx = count
            }
        }
        var missing: [String] = []
        if requests == nil || seconds == nil { missing.append("'N requests in T'") }
        if rate == nil { missing.append("'Requests/sec'") }
        if latencies.isEmpty { missing.append("the latency distribution (run wrk with --latency)") }
        guard missing.isEmpty, let requests, let seconds, let rate else {
            throw ParseError(description: "wrk's report lacks \(missing.joined(separator: ", ")): \(text.split(separator: "\n").prefix(3).joined(separator: " | "))")
        }
        return WrkResult(requests: requests, seconds: seconds, requestsPerSecond: rate, latencyMilliseconds: latencies,
                         socketErrors: socketErrors, non2xx3xx: non2xx3xx)
    }

    /// wrk's durations (`812.00us`, `1.21ms`, `2.00s`, `1.50m`) in milliseconds.
    static func duration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            guard let value = Double(text.dropLast(unit.count)) else { return nil }
            return value * factor
        }
        return nil
    }
}
