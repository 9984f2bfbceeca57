import NamespaceCore

/// Docker has no systemd mode; what it takes here, found by hand on this hybrid host with
/// dockerd 20.10.24 and the bookworm root:
/// - not `--privileged`: Docker then asks runc for every capability the kernel knows, and the
///   bounding set here lacks CAP_SYS_RESOURCE ("runc create failed: unable to start container
///   process: unable to apply caps: operation not permitted"); podman asks only for the bounding set's;
/// - CAP_SYS_ADMIN, so systemd may mount what it sets up;
/// - a cgroup namespace of its own (`--cgroupns private`): with Docker's default on cgroup v1
///   (the host's), systemd exits at once;
/// - SIGRTMIN+3, systemd's halt, as the stop signal, and `container=docker` for systemd's
///   container detection; tmpfs on /run and /run/lock too (the boot here did not need them:
///   they keep /run in memory, as on a booted system, rather than in the image's layer).
extension DockerTarget: SystemdBootingTarget {
    static let systemdFlags = ["--cap-add", "SYS_ADMIN", "--cgroupns", "private", "--tmpfs", "/run", "--tmpfs", "/run/lock",
                               "--env", "container=docker", "--stop-signal", "SIGRTMIN+3"]
    public var systemdMeans: String {
        "docker run --detach \(DockerTarget.systemdFlags.joined(separator: " ")) of an image imported from the Debian root, /sbin/init"
            + " (not --privileged: Docker 20.10 then asks for every capability, and this host's bounding set lacks CAP_SYS_RESOURCE)"
    }

    public func startSystemd(_ container: PreparedContainer) throws {
        let host = try daemon.ensureRunning()
        let image = try image(for: container.workload.rootfs, scratch: container.bundle)
        let arguments = DockerTarget.runArguments(container, image: image, detached: true, cgroupParent: daemon.usesCgroupfs, runtime: nil)
        try RealTargetSupport.checked(daemon.command(host: host, DockerStyleArguments.inserting(Self.systemdFlags, afterRun: arguments)),
                                      stage: "docker run --cap-add SYS_ADMIN --cgroupns private \(container.id)")
    }
}
