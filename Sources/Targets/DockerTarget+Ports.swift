/// `docker run -d --publish 127.0.0.1:HOST:PORT` on a bridge network of the container's own
/// (`EnginePortNetwork`): dockerd runs with `--iptables=false --ip-masq=false
/// --ip-forward=false`, so its userland proxy (docker-proxy, on the host's 127.0.0.1) is what
/// publishes, and the container's default route is deleted as soon as it runs.
extension DockerTarget: PortPublishingTarget {
    public var publishMeans: String {
        "docker network create --driver bridge (the container's own, on a free /24 with a bridge named cbenchu…; dockerd --iptables=false --ip-masq=false --ip-forward=false: no NAT, no forwarding, net.ipv4.ip_forward checked 0 first), "
            + "docker run -d --network (it) --publish 127.0.0.1:HOST:PORT, then the container's default route deleted in its network namespace; "
            + "dockerd's userland proxy (docker-proxy) listens on the host's 127.0.0.1 and connects to the container across the bridge"
    }

    public var publishLimit: String? { nil }

    public func startPublishing(_ container: PreparedContainer) throws {
        let host = try daemon.ensureRunning()
        try EnginePortNetwork.start(container, named: "docker", engine: { daemon.command(host: host, $0) }, run: try runCommand(container, detached: true)) {
            try initPid(container)
        }
    }

    public func publishedPorts(_ container: PreparedContainer) -> String? {
        guard let host = daemon.host else { return nil }
        return EnginePortNetwork.account(container, named: "docker", engine: { daemon.command(host: host, $0) }) { try initPid(container) }
    }
}
