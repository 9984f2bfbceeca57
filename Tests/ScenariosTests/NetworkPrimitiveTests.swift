import Testing
import NamespaceCore
@testable import Scenarios

@Suite struct NetworkPrimitiveTests {
    // Trimmed from real `iperf3 --json` output (3.12) over loopback on this machine kind.
    static let tcp = #"{"start": {"test_start": {"protocol": "TCP", "duration": 1}}, "end": {"sum_sent": {"seconds": 1.000024, "bytes": 2165309440, "bits_per_second": 17322059790.565025, "retransmits": 2, "sender": true}, "sum_received": {"seconds": 1.000717, "bytes": 2159017984, "bits_per_second": 17259768617.900963, "sender": true}}}"#
    static let udp = #"{"start": {"test_start": {"protocol": "UDP", "duration": 1}}, "end": {"sum": {"seconds": 1.000329, "bytes": 12517376, "bits_per_second": 100129095.21957326, "jitter_ms": 0.01013905886193721, "lost_percent": 0, "sender": true}, "sum_sent": {"seconds": 1.000099, "bytes": 12517376, "bits_per_second": 100129095.21957326, "jitter_ms": 0, "lost_percent": 0, "sender": true}, "sum_received": {"seconds": 1.000329, "bytes": 12517376, "bits_per_second": 100106073.10194945, "jitter_ms": 0.01013905886193721, "lost_percent": 0, "sender": false}}}"#

    @Test func iperfTCPThroughputIsTheReceiversAndKeepsRetransmits() throws {
        let result = try IperfResult.parse(Self.tcp)
        #expect(result.protocolName == "TCP")
        #expect(result.receivedBitsPerSecond == 17259768617.900963)
        #expect(result.sentBitsPerSecond == 17322059790.565025)
        #expect(result.retransmits == 2)
        #expect(result.lostPercent == nil)
    }

    @Test func iperfUDPKeepsLossAndJitter() throws {
        let result = try IperfResult.parse(Self.udp)
        #expect(result.protocolName == "UDP")
        #expect(result.receivedBitsPerSecond == 100129095.21957326)
        #expect(result.lostPercent == 0)
        #expect(result.jitterMilliseconds == 0.01013905886193721)
    }

    @Test func iperfErrorsAreOneLine() {
        #expect { _ = try IperfResult.parse(#"{"start":{"connected":[]},"end":{},"error":"unable to connect to server: Connection refused"}"#) }
            throws: { "\($0)" == "iperf3: unable to connect to server: Connection refused" }
        #expect { _ = try IperfResult.parse(#"{"start":{},"end":{}}"#) } throws: { "\($0)".contains("did not finish") }
        #expect(throws: CoreError.self) { _ = try IperfResult.parse("iperf3: error") }
    }

    @Test func pingPongKeepsFailedSamplesAndDerivesPercentiles() throws {
        let output = "listening\n" + #"{"protocol":"udp","host":"10.78.0.2","port":7,"size":64,"requested":12,"completed":11,"failed":1,"rtt_ns":[1000,2000,3000,4000,5000,6000,7000,8000,9000,10000,-1]}"#
        let result = try PingPongResult.parse(output)
        #expect(result.rttNanoseconds.count == 11)
        #expect(result.successfulMicroseconds.count == 10)
        #expect(result.unansweredCount == 2)
        let percentiles = try #require(result.percentilesMicroseconds)
        #expect(percentiles.p50 == 5.5)
        #expect(abs(percentiles.p90 - 9.1) < 1e-9)
        #expect(abs(percentiles.p99 - 9.91) < 1e-9)
    }

    @Test func pingPongWithoutResultIsAnError() throws {
        #expect { _ = try PingPongResult.parse("cbench-pingpong: connect 10.0.0.9:7: Connection refused\n") }
            throws: { "\($0)".hasPrefix("cbench-pingpong: printed no result") }
        #expect(try PingPongResult.parse(#"{"protocol":"tcp","host":"h","port":1,"size":64,"requested":1,"completed":1,"failed":1,"rtt_ns":[-1]}"#).percentilesMicroseconds == nil)
    }
}
