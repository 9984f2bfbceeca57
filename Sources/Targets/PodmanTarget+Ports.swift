import NamespaceCore

/// `podman run -d --publish 127.0.0.1:HOST:PORT` on the network podman has everywhere in this
/// suite, none. Podman 4.3.1 here runs CNI, and rootful podman publishes a port only through
/// CNI's portmap plugin on a bridge network: portmap adds a DNAT and a MASQUERADE of the
/// 127.0.0.1-sourced packets it marks, sets route_localnet on the bridge, and leaves its shared
/// nat chains (CNI-HOSTPORT-*) behind after teardown; and the host reaches the bridge only when
/// the bridge plugin's isGateway gives it an address, which also turns net.ipv4.ip_forward on.
/// This host allows neither, and rootful podman has no userspace port handler (rootlessport is
/// rootless only, through slirp4netns, which reaches out). What podman does is the evidence.
extension PodmanTarget: PortPublishingTarget {
    public var publishMeans: String {
        "podman run -d --network none --publish 127.0.0.1:HOST:PORT"
    }

    public var publishLimit: String? {
        "rootful podman 4.3.1 (CNI) publishes only through CNI's portmap on a bridge network: a DNAT plus a MASQUERADE of marked 127.0.0.1 packets, route_localnet on the bridge, shared CNI-HOSTPORT-* nat chains left after teardown, "
            + "and a bridge address for the host only with isGateway, which sets net.ipv4.ip_forward=1; this host allows neither, so the container runs on network none"
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
        EnginePortNetwork.account(container, named: "podman", engine: podman) { try initPid(container) }
    }
}
