import Foundation
import NamespaceCore
import Synchronization
import Targets

/// One measurement between a client and a server endpoint: a server started in the server's
/// network namespace, the client in the client's, both ended when the step ends or is
/// aborted (timeout, Ctrl-C).
final class NetworkRound: Sendable {
    let tools: NetworkTools
    let cgroup: Cgroup
    let directory: String
    private let running = Mutex<[NetnsTool]>([])

    init(tools: NetworkTools, cgroup: Cgroup, directory: String) {
        self.tools = tools
        self.cgroup = cgroup
        self.directory = directory
    }

    /// Round trips of `bytes`-byte messages, at most `count` within `seconds`.
    func roundTrips(udp: Bool, client: Int32, server: Int32, address: String, count: Int, seconds: Int, bytes: Int) throws -> PingPongResult {
        let name = udp ? "udp" : "tcp"
        let listening = try start(tools.pingPongServer(udp: udp, count: count, seconds: seconds, bytes: bytes), in: server, output: "\(name)-server")
        try listening.awaitOutput("listening")
        let measuring = try start(tools.pingPongClient(udp: udp, address: address, count: count, seconds: seconds, bytes: bytes),
                                  in: client, output: "\(name)-client")
        let (status, output) = try measuring.finish()
        listening.stop()
        guard let result = try? PingPongResult.parse(output) else {
            throw StepFailure(stage: "\(name) round trips", "cbench-pingpong client \(status): \(Self.lastLine(output))")
        }
        guard result.completed > result.failed else {
            throw StepFailure(stage: "\(name) round trips", "no round trip answered of \(result.completed) sent to \(address)")
        }
        return result
    }

    /// iperf3 TCP, one stream, `seconds` long.
    func throughput(client: Int32, server: Int32, address: String, seconds: Int) throws -> IperfResult {
        let listening = try start(tools.iperfServer, in: server, output: "iperf-server")
        try listening.awaitOutput("Server listening")
        let measuring = try start(tools.iperfClient(address: address, seconds: seconds), in: client, output: "iperf-client")
        let (status, output) = try measuring.finish()
        listening.stop()
        do {
            return try IperfResult.parse(output)
        } catch {
            throw StepFailure(stage: "throughput", "iperf3 client \(status): \(error)")
        }
    }

    /// Ends every tool still running (an aborted step).
    func abort() {
        for tool in running.withLock({ $0 }) { tool.stop() }
    }

    private func start(_ arguments: [String], in pid: Int32, output: String) throws -> NetnsTool {
        let tool = try NetnsTool.start(arguments, inNetworkOf: pid, cgroup: cgroup, output: "\(directory)/\(output).out")
        running.withLock { $0.append(tool) }
        return tool
    }

    static func lastLine(_ text: String) -> String {
        String(text.split(separator: "\n").last.map(String.init)?.prefix(300) ?? "no output")
    }
}
