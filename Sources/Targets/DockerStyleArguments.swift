/// The `run` flags Docker, podman and `cbench app` share for what a workload asks beyond its
/// image: the probe and binds (`--volume SRC:DST[:ro]`), named volumes (`--volume NAME:DST`),
/// tmpfs mounts (`--tmpfs DST:size=Nm`), a disabled filter (`--security-opt seccomp=unconfined`)
/// the cgroup limits (`--memory`, `--pids-limit`, `--cpus`) and the published ports
/// (`--publish 127.0.0.1:HOST:PORT`).
enum DockerStyleArguments {
    static func extra(for workload: ContainerWorkload) -> [String] {
        var arguments: [String] = []
        for bind in workload.binds {
            arguments += ["--volume", "\(bind.source):\(bind.destination)" + (bind.readOnly ? ":ro" : "")]
        }
        for volume in workload.volumes { arguments += ["--volume", "\(volume.name):\(volume.destination)"] }
        for tmpfs in workload.tmpfsMounts { arguments += ["--tmpfs", "\(tmpfs.destination):size=\(tmpfs.megabytes)m"] }
        if workload.seccomp == .disabled { arguments += ["--security-opt", "seccomp=unconfined"] }
        for port in workload.ports { arguments += ["--publish", port.publishText] }
        return arguments + workload.limits.dockerStyleArguments
    }
}

extension DockerStyleArguments {
    /// The same `run` command without `--rm`: the container stays, stopped, after its
    /// workload ends, so `start` can run it again.
    static func keeping(_ command: [String]) -> [String] {
        var command = command
        if let index = command.firstIndex(of: "--rm") { command.remove(at: index) }
        return command
    }

    /// The same `run` command with the container's root read-only (`--read-only`), as an OCI
    /// bundle's `root.readonly` has it: what a density ramp's idle containers share. `also`:
    /// the engine's own flags that keep it so (podman's `--read-only-tmpfs=false`).
    static func readOnlyRoot(_ command: [String], also: [String] = []) -> [String] {
        var command = command
        if let index = command.firstIndex(of: "run") { command.insert(contentsOf: ["--read-only"] + also, at: index + 1) }
        return command
    }

    /// The same `run` command on `network` instead of `--network none`.
    static func on(network: String, _ command: [String]) -> [String] {
        var command = command
        if let index = command.firstIndex(of: "--network"), command.index(after: index) < command.endIndex { command[index + 1] = network }
        return command
    }

    /// The same `run` command as a `create` of a kept container (not started).
    static func creating(_ command: [String]) -> [String] {
        var command = keeping(command)
        if let index = command.firstIndex(of: "run") { command[index] = "create" }
        return command
    }

    /// The clone of an engine's container: the same workload in a container of its own.
    static func clone(of container: PreparedContainer, id: String) -> PreparedContainer {
        PreparedContainer(id: id, bundle: container.bundle, cgroupPath: TargetContext.cgroupPath(for: id), workload: container.workload)
    }

    /// The image a clone of `container` is committed to.
    static func cloneImage(of container: PreparedContainer) -> String { "localhost/cbench-clone-\(container.id):latest" }

    /// The image a container is committed to for running elsewhere.
    static func imageElsewhere(of container: PreparedContainer) -> String { "localhost/cbench-image-\(container.id):latest" }
}
