import NamespaceCore

/// Docker has no systemd mode: systemd as init needs tmpfs on /run and /run/lock and a
/// cgroup tree it may write, which only `--privileged` gives it on this hybrid host.
extension DockerTarget: SystemdBootingTarget {
    static let systemdFlags = ["--privileged", "--tmpfs", "/run", "--tmpfs", "/run/lock"]
    public var systemdMeans: String { "docker run --detach \(DockerTarget.systemdFlags.joined(separator: " ")) of an image imported from the Debian root, /sbin/init" }

    public func startSystemd(_ container: PreparedContainer) throws {
        let host = try daemon.ensureRunning()
        let image = try image(for: container.workload.rootfs, scratch: container.bundle)
        let arguments = DockerTarget.runArguments(container, image: image, detached: true, cgroupParent: daemon.usesCgroupfs, runtime: nil)
        try RealTargetSupport.checked(daemon.command(host: host, DockerStyleArguments.inserting(Self.systemdFlags, afterRun: arguments)),
                                      stage: "docker run --privileged \(container.id)")
    }
}
