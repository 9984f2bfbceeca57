import NamespaceCore

/// wrk from the host against the published port: fixed threads and connections for a
/// number of seconds, `--latency` for the percentiles of its histogram.
struct WrkRun: Sendable {
    let load: ApplicationKind.Load
    let port: UInt16
    let cancel: StepCancellation

    func arguments(path: String, seconds: Double) -> [String] {
        ["wrk", "--threads", "\(load.threads)", "--connections", "\(load.connections)", "--duration", "\(Int(seconds.rounded(.up)))s",
         "--timeout", "10s", "--latency", "http://127.0.0.1:\(port)\(path)"]
    }

    func run(_ path: String, seconds: Double, stage: String) throws -> WrkResult {
        try cancel.check()
        let process = try Spawn(arguments(path: path, seconds: seconds)).start()
        cancel.running(process.pid)
        defer { cancel.running(nil) }
        let outcome = try process.wait()
        try cancel.check()
        guard outcome.status == 0 else {
            throw StepFailure(stage: stage, "wrk \(outcome.exit): \((outcome.stderr + outcome.stdout).firstLine())")
        }
        do {
            return try WrkResult.parse(outcome.stdout)
        } catch {
            throw StepFailure(stage: stage, "\(error)")
        }
    }
}
