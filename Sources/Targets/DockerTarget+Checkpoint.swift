import Foundation
import Glibc
import NamespaceCore

/// `docker checkpoint create` / `docker start --checkpoint` on a detached container that is
/// not `--rm` (it would be removed when the checkpoint stops it). The daemon must run with
/// experimental features (ours does); the images stay in the daemon's container directory
/// and go with the container.
extension DockerTarget: CheckpointingTarget {
    public static let checkpointName = "cbench-checkpoint"

    public func checkpointSupport() -> CheckpointSupport {
        guard let criu = CheckpointSupport.findCRIU(environment: daemon.environment) else {
            return .unsupported(reason: "dockerd checkpoints through criu, which is not installed (Scripts/setup provisions criu 4)")
        }
        let host: String
        do {
            host = try daemon.ensureRunning()
        } catch {
            return .unsupported(reason: "no Docker daemon: \(error)")
        }
        let experimental = (try? Spawn(daemon.command(host: host, ["version", "--format", "{{.Server.Experimental}}"])).run())
            .map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard experimental == "true" else {
            return .unsupported(reason: "the Docker daemon at \(host) runs without experimental features, which checkpoints need")
        }
        return .supported(criu: criu)
    }

    public func startCheckpointable(_ container: PreparedContainer) throws -> ContainerRun {
        let host = try daemon.ensureRunning()
        let image = try image(for: container.workload.rootfs, scratch: container.bundle)
        var arguments = DockerTarget.runArguments(container, image: image, detached: true, cgroupParent: daemon.usesCgroupfs, runtime: nil)
        if let autoRemove = arguments.firstIndex(of: "--rm") { arguments.remove(at: autoRemove) }
        let create = try RealTargetSupport.timed("create") {
            let outcome = try Spawn(daemon.command(host: host, arguments), stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "docker run --detach \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        }
        return ContainerRun(phases: [create])
    }

    public func checkpoint(_ container: PreparedContainer, to directory: String) throws -> Phase {
        let host = try daemon.ensureRunning()
        return try RealTargetSupport.timed("checkpoint") {
            try RealTargetSupport.checked(daemon.command(host: host, ["checkpoint", "create", container.id, DockerTarget.checkpointName]),
                                          stage: "docker checkpoint create \(container.id)")
        }
    }

    public func restore(_ container: PreparedContainer, from directory: String) throws -> Phase {
        let host = try daemon.ensureRunning()
        let start = daemon.command(host: host, ["start", "--checkpoint", DockerTarget.checkpointName, container.id])
        return try RealTargetSupport.timed("restore") {
            // dockerd 20.10 sometimes fails to hand the checkpoint to containerd's content
            // store when identical content is there already (moby/moby#42900); a later attempt
            // finds it and restores. Once was seen to fail twice in a row here, so three tries.
            for attempt in 1... {
                do {
                    try RealTargetSupport.checked(start, stage: "docker start --checkpoint \(container.id)")
                    return
                } catch let error as CoreError where error.kind == .alreadyExists && attempt < 3 {
                    usleep(200_000)
                }
            }
        }
    }

    public func initPid(_ container: PreparedContainer) throws -> pid_t {
        let host = try daemon.ensureRunning()
        let outcome = try RealTargetSupport.checked(daemon.command(host: host, ["inspect", "--format", "{{.State.Pid}}", container.id]),
                                                    stage: "docker inspect \(container.id)")
        guard let pid = pid_t(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else {
            throw CoreError(stage: "docker inspect \(container.id)", detail: "no running pid: '\(outcome.stdout.firstLine())'")
        }
        return pid
    }
}
