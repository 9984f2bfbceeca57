#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Starts one lab host's sshd and records it; waits until it accepts connections.
struct LabHostStart {
    let launch: LabHostLaunch

    func start() throws -> LabHostRecord {
        let host = launch.host
        let log = open(host.logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw CoreError.fromErrno("open \(host.logPath)") }
        defer { close(log) }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard null >= 0 else { throw CoreError.fromErrno("open /dev/null") }
        defer { close(null) }
        let process = try Launcher().launch(launch.spec(logDescriptor: log, nullDescriptor: null))
        guard let startTime = ProcessLiveness.startTime(of: process.pid) else {
            throw CoreError(stage: "lab host \(host.name)", errno: ESRCH, detail: "sshd exited at once: see \(host.logPath)")
        }
        let record = LabHostRecord(host: host, pid: process.pid, pidStartTime: startTime)
        try record.write(to: host.recordPath)
        return record
    }

    /// Polls a TCP connect to the host's port 22 (its underlay address, from this machine), for
    /// at most `timeoutMilliseconds`.
    static func awaitListening(_ record: LabHostRecord, timeoutMilliseconds: Int = 5000) throws {
        guard let address = IPv4Address(record.underlayAddress) else {
            throw CoreError(stage: "lab host \(record.name)", detail: "bad address \(record.address)")
        }
        var waited = 0
        while waited < timeoutMilliseconds {
            if TCPProbe.connects(to: address, port: 22) { return }
            guard record.isAlive else {
                throw CoreError(stage: "lab host \(record.name)", errno: ESRCH, detail: "sshd exited: see \(LabPlan.stateDirectory)/hosts/\(record.name)/sshd.log")
            }
            usleep(10_000)
            waited += 10
        }
        throw CoreError(stage: "lab host \(record.name)", errno: ETIMEDOUT, detail: "sshd not listening on \(address):22 after \(timeoutMilliseconds) ms")
    }
}
