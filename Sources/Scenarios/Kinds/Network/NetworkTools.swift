import Foundation
import NamespaceCore
import Targets

/// The measuring tools and their command lines: cbench-pingpong (static, built beside the
/// probe) for round trips, iperf3 (Debian's) for throughput. Ports are fixed: every pair's
/// namespaces are fresh.
struct NetworkTools: Sendable {
    let pingPong: String
    let iperf: String

    static let tcpPort = 7101
    static let udpPort = 7102
    static let iperfPort = 7201

    static func locate() throws -> NetworkTools {
        guard let pingPong = CompanionLocator.pingPong.locate() else {
            throw StepFailure(stage: "prepare", "cbench-pingpong not found: build it with `make probe` (or set CBENCH_PINGPONG)")
        }
        guard let iperf = ExecutablePath.find("iperf3") else {
            throw StepFailure(stage: "prepare", "iperf3 is not installed: apt-get install iperf3 (make setup)")
        }
        return NetworkTools(pingPong: pingPong, iperf: iperf)
    }

    func pingPongServer(udp: Bool, count: Int, seconds: Int, bytes: Int) -> [String] {
        // The server outlives the client's deadline a little, then ends on its own.
        [pingPong, "server", udp ? "--udp" : "--tcp", "--port", String(udp ? Self.udpPort : Self.tcpPort),
         "--count", String(count), "--timeout", String(seconds + 10), "--size", String(bytes)]
    }

    func pingPongClient(udp: Bool, address: String, count: Int, seconds: Int, bytes: Int) -> [String] {
        [pingPong, "client", udp ? "--udp" : "--tcp", "--host", address, "--port", String(udp ? Self.udpPort : Self.tcpPort),
         "--count", String(count), "--timeout", String(seconds), "--size", String(bytes)]
    }

    /// One test, then it exits (`-1`). Its output goes to a file, where stdio would hold the
    /// "Server listening" line back until exit without `--forceflush`.
    var iperfServer: [String] { [iperf, "--server", "--one-off", "--forceflush", "--port", String(Self.iperfPort)] }

    func iperfClient(address: String, seconds: Int) -> [String] {
        [iperf, "--client", address, "--port", String(Self.iperfPort), "--time", String(seconds), "--json"]
    }
}
