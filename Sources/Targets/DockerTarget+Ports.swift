/// `docker run -d --publish 127.0.0.1:HOST:PORT` on an internal bridge network of the
/// container's own: the only kind of network this host's rules allow Docker (dockerd runs
/// with `--iptables=false --bridge=none`; no NAT or route out).
extension DockerTarget: PortPublishingTarget {
    public var publishMeans: String {
        "docker network create --internal, docker run -d --network (it) --publish 127.0.0.1:HOST:PORT"
    }

    public var publishLimit: String? {
        "this host allows Docker only internal networks (dockerd --iptables=false --bridge=none; no NAT or route out), and Docker publishes no port from an internal network"
    }

    public func startPublishing(_ container: PreparedContainer) throws {
        let host = try daemon.ensureRunning()
        try EnginePortNetwork.start(container, named: "docker", engine: { daemon.command(host: host, $0) }, run: try runCommand(container, detached: true))
    }

    public func publishedPorts(_ container: PreparedContainer) -> String? {
        guard let host = daemon.host else { return nil }
        return EnginePortNetwork.account(container, named: "docker") { daemon.command(host: host, $0) }
    }
}
