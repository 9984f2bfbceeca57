import NamespaceCore

/// A pair on one host placed by a container engine (Docker, podman): an internal bridge
/// network of the engine's own making on a free /24, with a bridge name of our prefix (so
/// `cbench cleanup` finds it), two idle containers on it, and where each one is from the
/// engine's inspect. Everything made is undone, in reverse, when a step fails.
struct EngineNetworkPair: Sendable {
    /// `docker -H …` or `podman --root …` in front of the arguments.
    let engine: @Sendable ([String]) -> [String]
    /// `docker`, `podman-crun`: in errors and the pair's description.
    let name: String
    /// The engine's command as a user types it (`docker`, `podman`), in the evidence.
    let tool: String
    /// The engine's option naming the network's bridge; nil when it names the bridge itself
    /// (podman 4.3 has no such option; `network rm` deletes its bridge).
    let bridgeOption: (@Sendable (String) -> [String])?
    /// Given to every `run` (podman's rlimits and conmon placement).
    let runOptions: [String]
    /// Whether each container gets a cgroupfs parent below `cbench/`.
    let cgroupParent: Bool
    /// One letter in the bridge's name, apart per engine.
    let tag: Character
    /// The engine's per-container helpers that end as our children when this process is a
    /// subreaper (conmon, containerd-shim): reaped once their container is removed.
    let helpers: [String]

    func place(_ request: NetworkPairRequest, image: String) throws -> NetworkPair {
        let local = try LocalBridgeSubnet(id: request.id, tag: tag)
        let network = "pair-\(request.id)"
        let undo = PairUndo()
        return try undo.building {
            try RealTargetSupport.checked(engine([
                "network", "create", "--driver", "bridge", "--internal", "--subnet", local.subnet.description,
                "--gateway", local.gateway.address.description,
            ] + (bridgeOption?(local.bridge) ?? []) + [network]), stage: "\(name) network create \(network)")
            let remove = engine(["network", "rm", network])
            undo.add {
                _ = try? Spawn(remove).run()
                local.remove()
            }
            let client = try start("\(request.id)-client", network: network, image: image, undo: undo)
            let server = try start("\(request.id)-server", network: network, image: image, undo: undo)
            let bridge = bridgeOption == nil ? "its own bridge" : "bridge \(local.bridge)"
            return NetworkPair(client: client, server: server,
                               description: "\(name) bridge network (--internal, \(bridge), \(local.subnet))", undo: undo)
        }
    }

    private func start(_ container: String, network: String, image: String, undo: PairUndo) throws -> NetworkEndpoint {
        var arguments = ["run", "--detach", "--name", container, "--network", network] + runOptions
        if cgroupParent { arguments += ["--cgroup-parent", "/" + TargetContext.cgroupPath(for: container)] }
        try RealTargetSupport.checked(engine(arguments + [image] + NetworkEndpoint.idleCommand), stage: "\(name) run \(container)")
        let removeContainer = engine(["rm", "--force", container])
        undo.add {
            _ = try? Spawn(removeContainer).run()
            ZombieReaper.reapOrphans(named: Set(helpers))
            Cgroup.removeAbandoned(path: TargetContext.cgroupPath(for: container))
        }
        let format = "{{.State.Pid}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"
        let text = try RealTargetSupport.checked(engine(["inspect", "--format", format, container]),
                                                 stage: "\(name) inspect \(container)").stdout
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count == 2, let pid = Int32(words[0]), pid > 0 else {
            throw CoreError(stage: "\(name) inspect \(container)", detail: "expected 'PID ADDRESS', got '\(text.prefix(200))'")
        }
        return NetworkEndpoint(container: container, site: NetworkSite.local.name, pid: pid, address: String(words[1]))
    }

    /// Why the engine places no pair across hosts, with its evidence: its network driver list
    /// and what it answers to `network create --driver overlay` (a network it made anyway, a
    /// daemon in swarm mode, is removed again: it still reaches no lab host's engine).
    func crossHostRefusal(_ placement: NetworkPlacement, probe: String, overlayReason: String, routedReason: String) -> NetworkSupport {
        let drivers = engine(["info", "--format", "{{.Plugins.Network}}"])
        let overlay = engine(["network", "create", "--driver", "overlay", probe])
        let listed = (try? Spawn(drivers).run()).map { ($0.stdout + $0.stderr).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let refused = (try? Spawn(overlay).run()) ?? SpawnResult(exit: .exited(127), stdout: "", stderr: "\(name) did not start")
        if refused.status == 0 { _ = try? Spawn(engine(["network", "rm", probe])).run() }
        let evidence = "$ \(tool) info --format '{{.Plugins.Network}}'\n\(listed)\n$ \(tool) network create --driver overlay \(probe)\n"
            + (refused.stdout + refused.stderr).trimmingCharacters(in: .whitespacesAndNewlines) + "\n(exit \(refused.status))"
        return .notSupported(reason: placement == .overlay ? overlayReason : routedReason, command: overlay.joined(separator: " "), evidence: evidence)
    }
}
