import NamespaceCore

/// `podman run -d --publish 127.0.0.1:HOST:PORT` on the network podman has everywhere in this
/// suite, none: podman publishes a port only through CNI's portmap plugin on a bridge network,
/// which adds iptables NAT rules (DNAT to the container's address, MASQUERADE), and this host
/// allows no NAT. What podman says to that is the evidence.
extension PodmanTarget: PortPublishingTarget {
    public var publishMeans: String {
        "podman run -d --network none --publish 127.0.0.1:HOST:PORT"
    }

    public var publishLimit: String? {
        "podman publishes a port only through CNI's portmap plugin on a bridge network, which adds iptables NAT rules (DNAT to the container, MASQUERADE); this host allows no NAT, so the container has no network here"
    }

    public func startPublishing(_ container: PreparedContainer) throws {
        let image = try image(for: container.workload.rootfs)
        let outcome = try Spawn(runArguments(container, image: image, detached: true),
                                stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(name) run --detach --publish \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
        }
    }

    public func publishedPorts(_ container: PreparedContainer) -> String? {
        EnginePortNetwork.account(container, named: "podman", engine: podman)
    }
}
