import Foundation
import Glibc
import NamespaceCore
import SystemContainers

/// `cbench system checkpoint` / `restore` in process: the checkpoint stays in the run's store
/// with the container (as LXD keeps it), so `directory` is not used. The workload runs beside
/// the init, started through attach in the background, so the dump holds the whole system.
extension SystemContainerTarget: CheckpointingTarget {
    public func checkpointSupport() -> CheckpointSupport {
        guard let criu = CheckpointSupport.findCRIU(environment: ProcessInfo.processInfo.environment) else {
            return .unsupported(reason: "cbench system checkpoints through CRIU and criu is not installed (Scripts/setup provisions criu 4)")
        }
        return .supported(criu: criu)
    }

    public func startCheckpointable(_ container: PreparedContainer) throws -> ContainerRun {
        var run = try startUntilRunning(container)
        let script = container.workload.args.map(Self.quoted).joined(separator: " ")
        run.phases.append(try timed("attach") {
            // A session of its own inside the container: CRIU refuses a tree whose session
            // leader is outside its pid namespace (the attach's own session is the host's).
            let status = try runtime.attach(name: container.id, command: ["/bin/sh", "-c", "setsid /bin/sh -c \(Self.quoted(script)) </dev/null >/dev/null 2>&1 &"])
            guard status == .exited(0) else {
                throw CoreError(stage: "\(name) attach \(container.id)", detail: "the workload did not start (\(status))")
            }
        })
        return run
    }

    public func checkpoint(_ container: PreparedContainer, to directory: String) throws -> Phase {
        try timed("checkpoint") { try runtime.checkpoint(name: container.id) }
    }

    public func restore(_ container: PreparedContainer, from directory: String) throws -> Phase {
        try timed("restore") { try runtime.restore(name: container.id) }
    }

    public func initPid(_ container: PreparedContainer) throws -> pid_t {
        guard let record = runtime.store.runningState(of: container.id) else {
            throw CoreError(stage: "\(name) pid of \(container.id)", detail: "the container is not running")
        }
        return record.pid
    }

    /// One shell word.
    static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
