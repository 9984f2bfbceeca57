import NamespaceCore

/// `podman run --systemd=always`: podman mounts what systemd needs (tmpfs /run, /tmp, the
/// cgroup tree writable) and stops it with SIGRTMIN+3.
extension PodmanTarget: SystemdBootingTarget {
    static let systemdFlags = ["--systemd=always"]
    public var systemdMeans: String { "podman run --detach \(PodmanTarget.systemdFlags.joined(separator: " ")) of an image imported from the Debian root, /sbin/init" }

    public func startSystemd(_ container: PreparedContainer) throws {
        let image = try image(for: container.workload.rootfs)
        let arguments = DockerStyleArguments.inserting(Self.systemdFlags, afterRun: runArguments(container, image: image, detached: true))
        try RealTargetSupport.checked(arguments, stage: "\(name) run --systemd=always \(container.id)")
    }
}
