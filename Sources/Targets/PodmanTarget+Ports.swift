import Glibc
import NamespaceCore

/// `podman run -d --publish 127.0.0.1:HOST:PORT` on an internal network of the container's
/// own (CNI here): the only kind of network this host's rules allow (no NAT or route out).
extension PodmanTarget: PortPublishingTarget {
    public var publishMeans: String {
        "podman network create --internal, podman run -d --network (it) --publish 127.0.0.1:HOST:PORT"
    }

    public var publishLimit: String? {
        "this host allows podman only internal networks (no NAT or route out), and podman publishes no port from an internal network"
    }

    func portsNetworkName(_ container: PreparedContainer) -> String { "\(container.id)-ports" }

    public func startPublishing(_ container: PreparedContainer) throws {
        let image = try image(for: container.workload.rootfs)
        try FileIO.write("\(container.bundle)/ports-network", Array(portsNetworkName(container).utf8))
        try RealTargetSupport.checked(podman(["network", "create", "--internal", portsNetworkName(container)]),
                                      stage: "podman network create --internal \(portsNetworkName(container))")
        let arguments = DockerStyleArguments.on(network: portsNetworkName(container), runArguments(container, image: image, detached: true))
        let outcome = try Spawn(arguments, stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(name) run --detach --publish \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
        }
    }

    public func publishedPorts(_ container: PreparedContainer) -> String? {
        guard let outcome = try? Spawn(podman(["port", container.id])).run() else { return nil }
        return "$ podman port \(container.id)\n" + (outcome.stdout + outcome.stderr).trimmingWhitespace()
    }

    /// The network `startPublishing` made, if it did.
    func removePortsNetwork(_ container: PreparedContainer) {
        guard access("\(container.bundle)/ports-network", F_OK) == 0 else { return }
        _ = try? Spawn(podman(["network", "rm", "--force", portsNetworkName(container)])).run()
    }
}
