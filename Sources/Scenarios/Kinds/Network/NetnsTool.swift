import Foundation
import Glibc
import NamespaceCore

/// A measuring tool (cbench-pingpong, iperf3) started in another process's network namespace:
/// a container's or a lab host's. It joins only the network namespace, so every target is
/// measured with the same binaries; it runs in the scenario's cgroup (`cbench cleanup` ends
/// it after a crash) with its output in a file.
final class NetnsTool: Sendable {
    let process: ContainerProcess
    let outputPath: String
    let name: String

    private init(process: ContainerProcess, outputPath: String, name: String) {
        self.process = process
        self.outputPath = outputPath
        self.name = name
    }

    static func start(_ arguments: [String], inNetworkOf pid: Int32, cgroup: Cgroup, output: String) throws -> NetnsTool {
        let name = (arguments.first.map { ($0 as NSString).lastPathComponent } ?? "tool")
        let file = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw CoreError.fromErrno("open \(output)") }
        defer { close(file) }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard null >= 0 else { throw CoreError.fromErrno("open /dev/null") }
        defer { close(null) }
        var spec = LaunchSpec(args: arguments)
        spec.namespaces = [NamespaceSpec(.network, path: "/proc/\(pid)/ns/net")]
        spec.stdio = .fds(stdin: null, stdout: file, stderr: file)
        spec.cgroupPlacement = cgroup.placement
        let process: ContainerProcess
        do {
            process = try Launcher().launch(spec)
        } catch {
            throw CoreError(stage: "start \(name) in the network of pid \(pid)", detail: "\(error)", cause: error)
        }
        return NetnsTool(process: process, outputPath: output, name: name)
    }

    var output: String {
        (try? FileIO.read(outputPath)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Polls the output until it holds `marker` (the server is listening); an error when the
    /// tool exits first or the time is up.
    func awaitOutput(_ marker: String, timeoutMilliseconds: Int = 5000) throws {
        var waited = 0
        while !output.contains(marker) {
            if let status = try process.poll() {
                throw CoreError(stage: "\(name) server", detail: "exited (\(status)) before it listened: \(output.suffix(300))")
            }
            guard waited < timeoutMilliseconds else {
                throw CoreError(stage: "\(name) server", errno: ETIMEDOUT, detail: "not listening after \(timeoutMilliseconds) ms")
            }
            usleep(10_000)
            waited += 10
        }
    }

    /// Waits for the tool to exit; its exit status and everything it printed.
    func finish() throws -> (status: ExitStatus, output: String) {
        let status = try process.wait()
        return (status, output)
    }

    /// Ends it now (a server nobody came to, an aborted step) and reaps it.
    func stop() {
        guard (try? process.poll()) == nil else { return }
        try? process.signal(SIGKILL)
        _ = try? process.wait()
    }
}
