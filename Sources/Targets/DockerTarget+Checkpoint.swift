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
        try startCheckpointable(container, network: ["none"])
    }

    /// Detached and kept (not `--rm`), with `--network` and what `network` adds.
    func startCheckpointable(_ container: PreparedContainer, network: [String]) throws -> ContainerRun {
        let host = try daemon.ensureRunning()
        let image = try image(for: container.workload.rootfs, scratch: container.bundle)
        var arguments = DockerTarget.runArguments(container, image: image, detached: true, cgroupParent: daemon.usesCgroupfs, runtime: nil)
        if let autoRemove = arguments.firstIndex(of: "--rm") { arguments.remove(at: autoRemove) }
        if let option = arguments.firstIndex(of: "--network"), option + 1 < arguments.endIndex {
            arguments.replaceSubrange(option + 1...option + 1, with: network)
        }
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
        try markRestoreUnique(container, host: host)
        return try RealTargetSupport.timed("restore") {
            try RealTargetSupport.checked(daemon.command(host: host, ["start", "--checkpoint", DockerTarget.checkpointName, container.id]),
                                          stage: "docker start --checkpoint \(container.id)")
        }
    }

    /// `docker checkpoint create` gets the images as a tar blob from containerd's content
    /// store and only deletes the checkpoint image, so the blob stays until containerd's
    /// garbage collection runs. `docker start --checkpoint` (dockerd 20.10) tars the same
    /// directory back into that store; the tar is byte-identical, and if the collection has
    /// not run yet the commit fails with "content sha256:…: already exists" (moby/moby#42900),
    /// again on every retry. A file of random bytes beside the images (CRIU reads only its
    /// own image files) makes the restore's blob one no store can hold already.
    func markRestoreUnique(_ container: PreparedContainer, host: String) throws {
        let root = try RealTargetSupport.checked(daemon.command(host: host, ["info", "--format", "{{.DockerRootDir}}"]),
                                                 stage: "docker info").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = try RealTargetSupport.checked(daemon.command(host: host, ["inspect", "--format", "{{.ID}}", container.id]),
                                               stage: "docker inspect \(container.id)").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let images = "\(root)/containers/\(id)/checkpoints/\(DockerTarget.checkpointName)"
        let nonce = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined(separator: "-")
        try FileIO.write("\(images)/\(DockerTarget.restoreNonceFile)", Array((nonce + "\n").utf8), mode: 0o600)
    }

    /// The file `markRestoreUnique` writes into Docker's checkpoint directory.
    static let restoreNonceFile = "cbench-restore-nonce"

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
