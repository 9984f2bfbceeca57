import Testing
@testable import Scenarios

/// wrk's report, as wrk 4.1 prints it with --latency, into numbers.
struct WrkResultTests {
    let report = """
    Running 20s test @ http://127.0.0.1:41234/index.php?title=ContainerBench
      2 threads and 16 connections
      Thread Stats   Avg      Stdev     Max   +/- Stdev
        Latency   156.23ms   45.12ms   1.20s    70.00%
        Req/Sec    51.20     12.34    80.00     66.67%
      Latency Distribution
         50%  150.00ms
         75%  180.00ms
         90%  812.00us
         99%    1.21s
      2048 requests in 20.01s, 60.00MB read
      Socket errors: connect 0, read 1, write 0, timeout 3
      Non-2xx or 3xx responses: 5
    Requests/sec:    102.35
    Transfer/sec:      3.00MB
    """

    @Test func readsRateCountPercentilesAndErrors() throws {
        let result = try WrkResult.parse(report)
        #expect(result.requests == 2048)
        #expect(abs(result.seconds - 20.01) < 1e-9)
        #expect(result.requestsPerSecond == 102.35)
        #expect(result.latencyMilliseconds[50] == 150)
        #expect(result.latencyMilliseconds[75] == 180)
        #expect(abs((result.latencyMilliseconds[90] ?? 0) - 0.812) < 1e-9)
        #expect(result.latencyMilliseconds[99] == 1210)
        #expect(result.socketErrors == 4)
        #expect(result.non2xx3xx == 5)
        #expect(result.errors == 9)
    }

    @Test func cleanRunHasNoErrors() throws {
        let clean = report.split(separator: "\n").filter { !$0.contains("errors") && !$0.contains("Non-2xx") }.joined(separator: "\n")
        let result = try WrkResult.parse(clean)
        #expect(result.errors == 0)
        #expect(result.requests == 2048)
    }

    @Test func withoutLatencyFlagIsAnError() throws {
        let plain = report.split(separator: "\n").filter { !$0.contains("%  ") && !$0.contains("Distribution") }.joined(separator: "\n")
        #expect { try WrkResult.parse(plain) } throws: { error in
            "\(error)".contains("--latency")
        }
    }

    @Test func emptyOutputNamesWhatIsMissing() throws {
        #expect { try WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused") } throws: { error in
            "\(error)".contains("Requests/sec") && "\(error)".contains("unable to connect")
        }
    }

    @Test func durations() {
        #expect(WrkResult.duration("812.00us") == 0.812)
        #expect(WrkResult.duration("1.21ms") == 1.21)
        #expect(WrkResult.duration("2.00s") == 2000)
        #expect(WrkResult.duration("1.50m") == 90_000)
        #expect(WrkResult.duration("fast") == nil)
    }
}
