import Glibc
import NamespaceCore

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

    func portsNetworkName(_ container: PreparedContainer) -> String { "\(container.id)-ports" }

    public func startPublishing(_ container: PreparedContainer) throws {
        let host = try daemon.ensureRunning()
        try FileIO.write("\(container.bundle)/ports-network", Array(portsNetworkName(container).utf8))
        try RealTargetSupport.checked(daemon.command(host: host, ["network", "create", "--internal", portsNetworkName(container)]),
                                      stage: "docker network create --internal \(portsNetworkName(container))")
        let arguments = DockerStyleArguments.on(network: portsNetworkName(container), try runCommand(container, detached: true))
        let outcome = try Spawn(arguments, stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "docker run --detach --publish \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
        }
    }

    public func publishedPorts(_ container: PreparedContainer) -> String? {
        guard let host = daemon.host, let outcome = try? Spawn(daemon.command(host: host, ["port", container.id])).run() else { return nil }
        return "$ docker port \(container.id)\n" + (outcome.stdout + outcome.stderr).trimmingWhitespace()
    }

    /// The network `startPublishing` made, if it did.
    func removePortsNetwork(_ container: PreparedContainer, host: String) {
        guard access("\(container.bundle)/ports-network", F_OK) == 0 else { return }
        _ = try? Spawn(daemon.command(host: host, ["network", "rm", portsNetworkName(container)])).run()
    }
}
