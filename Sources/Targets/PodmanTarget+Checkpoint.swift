import Foundation
import Glibc
import NamespaceCore

/// `podman container checkpoint` / `restore` on a detached container that is not `--rm`
/// (podman refuses to checkpoint one that removes itself). Podman keeps the images in the
/// run's private storage; they go with the container. Only podman on runc can: crun 1.8.1
/// has no CRIU.
extension PodmanTarget: CheckpointingTarget {

    public func checkpointSupport() -> CheckpointSupport {
        guard ExecutablePath.find(executable, environment: environment) != nil else {
            return .unsupported(reason: "\(executable) is not installed (apt-get install podman)")
        }
        guard let runtimePath = ExecutablePath.find(runtime, environment: environment) else {
            return .unsupported(reason: "podman's runtime \(runtime) is not installed")
        }
        let version = (try? Spawn([runtimePath, "--version"]).run()).map { $0.stdout + $0.stderr } ?? ""
        switch CheckpointSupport.ociRuntime(runtime, versionText: version, criu: CheckpointSupport.findCRIU(environment: environment)) {
        case .supported(let criu): return .supported(criu: criu)
        case .unsupported(let reason): return .unsupported(reason: "podman on \(reason)")
        }
    }

    public func startCheckpointable(_ container: PreparedContainer) throws -> ContainerRun {
        try startCheckpointable(container, network: "none")
    }

    /// Detached and kept (not `--rm`), on `--network NETWORK`.
    func startCheckpointable(_ container: PreparedContainer, network: String) throws -> ContainerRun {
        let image = try image(for: container.workload.rootfs)
        var arguments = runArguments(container, image: image, detached: true)
        if let autoRemove = arguments.firstIndex(of: "--rm") { arguments.remove(at: autoRemove) }
        if let option = arguments.firstIndex(of: "--network"), option + 1 < arguments.endIndex { arguments[option + 1] = network }
        let create = try RealTargetSupport.timed("create") {
            let outcome = try Spawn(arguments, stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) run --detach \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        }
        return ContainerRun(phases: [create])
    }

    public func checkpoint(_ container: PreparedContainer, to directory: String) throws -> Phase {
        try checkpoint(container, tcpEstablished: false)
    }

    func checkpoint(_ container: PreparedContainer, tcpEstablished: Bool) throws -> Phase {
        try RealTargetSupport.timed("checkpoint") {
            try RealTargetSupport.checked(podman(["container", "checkpoint"] + (tcpEstablished ? ["--tcp-established"] : []) + [container.id]),
                                          stage: "\(name) checkpoint \(container.id)")
        }
    }

    public func restore(_ container: PreparedContainer, from directory: String) throws -> Phase {
        try restore(container, tcpEstablished: false)
    }

    func restore(_ container: PreparedContainer, tcpEstablished: Bool) throws -> Phase {
        try RealTargetSupport.timed("restore") {
            try RealTargetSupport.checked(podman(["container", "restore"] + (tcpEstablished ? ["--tcp-established"] : []) + [container.id]),
                                          stage: "\(name) restore \(container.id)")
        }
    }

    public func initPid(_ container: PreparedContainer) throws -> pid_t {
        let outcome = try RealTargetSupport.checked(podman(["inspect", "--format", "{{.State.Pid}}", container.id]),
                                                    stage: "\(name) inspect \(container.id)")
        guard let pid = pid_t(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else {
            throw CoreError(stage: "\(name) inspect \(container.id)", detail: "no running pid: '\(outcome.stdout.firstLine())'")
        }
        return pid
    }

    public func stopRestored(_ container: PreparedContainer) throws -> ContainerRun {
        defer { ZombieReaper.reapOrphans(named: ["conmon"]) }
        return try stop(container)
    }
}
