import Glibc
import NamespaceCore

/// Docker's way to publish a port here: a bridge network of the container's own (not
/// internal: Docker publishes nothing from an internal one) on a free /24 with a bridge named
/// cbenchu…, named in the bundle so that cleanup finds it, the container's detached `run` on it, and at once the container's
/// default route deleted in its network namespace, so that nothing in it has a way off its
/// bridge (dockerd runs with `--iptables=false --ip-masq=false --ip-forward=false`: no NAT,
/// and the host forwards nothing, which `requireNoForwarding` checks first). dockerd's userland
/// proxy (docker-proxy) listens on the host's 127.0.0.1 and connects to the container across
/// the bridge: traffic inward only. And the engines' own account of a container's published
/// ports (`port`) with the container's routes.
enum EnginePortNetwork {
    static func name(_ container: PreparedContainer) -> String { "\(container.id)-ports" }
    static func marker(_ container: PreparedContainer) -> String { "\(container.bundle)/ports-network" }
    static let forwardingSetting = "/proc/sys/net/ipv4/ip_forward"
    /// The bridge's letter in its name (`cbenchu` and a hash of the container's id), so that
    /// `cbench cleanup` finds a crashed run's bridge among the links named cbench*.
    static let bridgeTag: Character = "u"
    static func bridge(_ container: PreparedContainer) -> String {
        Leftovers.linkPrefix + String(bridgeTag) + LocalBridgeSubnet.hash(container.id)
    }

    /// Refuses, naming the reason, unless the host forwards no IPv4 packets (`forwarding`: the
    /// text of /proc/sys/net/ipv4/ip_forward): a container with an address on a host bridge
    /// could otherwise be routed off the host.
    static func requireNoForwarding(_ forwarding: String = FileIO.contents(forwardingSetting)) throws {
        let value = forwarding.trimmingWhitespace()
        guard value == "0" else {
            throw CoreError(stage: "publish a port: check net.ipv4.ip_forward", errno: EPERM,
                            detail: "net.ipv4.ip_forward is '\(value.isEmpty ? "unreadable" : value)', not 0: a container on a host bridge could be routed off this host, so no bridge network is made")
        }
    }

    /// Makes the network with `engine` (the engine's command line for arguments), runs `run`
    /// (the container's detached run command) on it, and deletes the container's default route
    /// in the network namespace of its init (`pid`).
    static func start(_ container: PreparedContainer, named engineName: String, engine: ([String]) -> [String], run: [String],
                      pid: () throws -> pid_t) throws {
        try requireNoForwarding()
        let local = try LocalBridgeSubnet(id: container.id, tag: bridgeTag)
        try FileIO.write(marker(container), Array(name(container).utf8))
        try RealTargetSupport.checked(engine(["network", "create", "--driver", "bridge", "--subnet", local.subnet.description,
                                              "--gateway", local.gateway.address.description,
                                              "--opt", "com.docker.network.bridge.name=\(local.bridge)", name(container)]),
                                      stage: "\(engineName) network create \(name(container))")
        let outcome = try Spawn(DockerStyleArguments.on(network: name(container), run),
                                stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(engineName) run --detach --publish \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
        }
        let initPid = try pid()
        try RealTargetSupport.checked(["nsenter", "--target", "\(initPid)", "--net", "ip", "route", "del", "default"],
                                      stage: "\(engineName) \(container.id): delete the default route in its network namespace (pid \(initPid))")
    }

    /// `ENGINE port ID` and what it printed: the engine's own account of the published ports;
    /// then, on a network `start` made, the container's routes (`ip route` in its network
    /// namespace), showing no default.
    static func account(_ container: PreparedContainer, named engineName: String, engine: ([String]) -> [String],
                        pid: () throws -> pid_t) -> String? {
        guard let outcome = try? Spawn(engine(["port", container.id])).run() else { return nil }
        var text = "$ \(engineName) port \(container.id)\n" + (outcome.stdout + outcome.stderr).trimmingWhitespace()
        if access(marker(container), F_OK) == 0, let initPid = try? pid(),
           let routes = try? Spawn(["nsenter", "--target", "\(initPid)", "--net", "ip", "route", "show"]).run() {
            text += "\n$ nsenter --target \(initPid) --net ip route show   (the container's routes)\n"
                + (routes.stdout + routes.stderr).trimmingWhitespace()
        }
        return text
    }

    /// Removes the network `start` made, if it did, and its bridge if the engine left it.
    static func remove(_ container: PreparedContainer, engine: ([String]) -> [String]) {
        guard access(marker(container), F_OK) == 0 else { return }
        _ = try? Spawn(engine(["network", "rm", name(container)])).run()
        LocalBridgeSubnet.removeBridge(bridge(container))
    }
}
