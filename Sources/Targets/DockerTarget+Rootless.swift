import Glibc
import NamespaceCore

/// Rootless Docker: a dockerd of the user's own, started by the docker.io package's
/// `dockerd-rootless.sh` through rootlesskit with no network plumbing (`RootlessDockerDaemon`),
/// then, as the user, the busybox root imported as an image and `docker run --rm --network
/// none`; the daemon is stopped by its pids afterwards. Without rootlesskit or the script the
/// start cannot be tried, and the cell says so (failed to measure, not "not supported").
extension DockerTarget: RootlessStartingTarget {
    public var rootlessMeans: String {
        "dockerd-rootless.sh (docker.io's) as the user: rootlesskit --net=host --port-driver=none (no network namespace, no port forwarding), "
            + "dockerd --bridge=none --iptables=false --ip-masq=false --ip-forward=false --userland-proxy=false with its data and exec roots in the user's directory; "
            + "docker import of the busybox root, then docker run --rm --network none; the daemon stopped by pid"
    }

    public func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep] {
        guard ExecutablePath.find("rootlesskit") != nil else {
            throw CoreError(stage: "rootless docker", errno: ENOENT, detail: "rootlesskit is not installed (Debian package rootlesskit; Scripts/setup installs it)")
        }
        guard let script = RootlessDockerDaemon.script() else {
            throw CoreError(stage: "rootless docker", errno: ENOENT,
                            detail: "no dockerd-rootless.sh on PATH or at \(RootlessDockerDaemon.packagedScript) (docker.io ships it)")
        }
        let tarball = "\(directory)/busybox.tar"
        try user.tarball(of: rootfs, at: tarball)
        let rootless = RootlessDockerDaemon(user: user, directory: directory, client: daemon.client)
        let (started, pids) = try rootless.start(script: script)
        defer { rootless.stop(pids) }
        let docker = [daemon.client, "-H", rootless.host]
        let info = try user.run(docker + ["info", "--format", "{{.Driver}}; security options: {{.SecurityOptions}}"], in: directory)
        let image = "cbench-rootless:latest"
        let imported = try user.run(docker + ["import", tarball, image], in: directory)
        guard imported.status == 0 else { return [started, info, imported] }
        let run = try user.run(docker + ["run", "--rm", "--network", "none", image] + command, in: directory)
        return [started, info, imported, run]
    }
}
