import NamespaceCore

/// Podman places a pair on one host with an internal bridge network of its own (CNI here:
/// no NAT, no route out; podman 4.3 names the bridge itself and deletes it at `network rm`). Across
/// hosts it cannot: its network drivers are bridge, macvlan and ipvlan, none joins containers
/// on two hosts into one network or routes a container subnet between hosts, and it has no
/// overlay driver; the driver list and its refusal of `--driver overlay` are the evidence.
extension PodmanTarget: NetworkPlacingTarget {
    public func networkSupport(_ placement: NetworkPlacement) -> NetworkSupport {
        guard placement.spansHosts else { return .supported }
        do {
            try ensureConfig()
        } catch {
            return .notSupported(reason: "podman's configuration could not be written: \(error)", command: nil, evidence: "")
        }
        let drivers = podman(["info", "--format", "{{.Plugins.Network}}"])
        let overlay = podman(["network", "create", "--driver", "overlay", "cbench-overlay-probe-\(PodmanTarget.runTag(context))"])
        let listed = (try? Spawn(drivers).run()).map { ($0.stdout + $0.stderr).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let refused = (try? Spawn(overlay).run()) ?? SpawnResult(exit: .exited(127), stdout: "", stderr: "podman did not start")
        if refused.status == 0 { _ = try? Spawn(podman(["network", "rm", "cbench-overlay-probe-\(PodmanTarget.runTag(context))"])).run() }
        let evidence = "$ podman info --format '{{.Plugins.Network}}'\n\(listed)\n$ podman network create --driver overlay …\n"
            + (refused.stdout + refused.stderr).trimmingCharacters(in: .whitespacesAndNewlines) + "\n(exit \(refused.status))"
        let reason = placement == .overlay
            ? "not supported: podman has no overlay network driver (bridge, macvlan and ipvlan stay on one host)"
            : "not supported: no podman network driver routes a container subnet between hosts"
        return .notSupported(reason: reason, command: overlay.joined(separator: " "), evidence: evidence)
    }

    public func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair {
        guard !request.placement.spansHosts else {
            throw CoreError(stage: "\(name) \(request.placement.rawValue) pair", detail: "podman places containers on one host only")
        }
        try ensureConfig()
        let image = try image(for: request.rootfs)
        let placement = EngineNetworkPair(engine: { [self] in podman($0) }, name: name, bridgeOption: nil,
                                          runOptions: PodmanTarget.ulimits.flatMap { ["--ulimit", $0] } + ["--cgroups", "no-conmon"],
                                          cgroupParent: true, tag: "p", helpers: ["conmon"])
        return try placement.place(request, image: image)
    }
}
