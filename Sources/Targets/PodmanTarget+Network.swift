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
        return pairPlacement.crossHostRefusal(
            placement, probe: "cbench-overlay-probe-\(PodmanTarget.runTag(context))",
            overlayReason: "not supported: podman has no overlay network driver (bridge, macvlan and ipvlan stay on one host)",
            routedReason: "not supported: no podman network driver routes a container subnet between hosts")
    }

    private var pairPlacement: EngineNetworkPair {
        EngineNetworkPair(engine: { [self] in podman($0) }, name: name, tool: "podman", bridgeOption: nil,
                          runOptions: PodmanTarget.ulimits.flatMap { ["--ulimit", $0] } + ["--cgroups", "no-conmon"],
                          cgroupParent: true, tag: "p", helpers: ["conmon"])
    }

    public func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair {
        guard !request.placement.spansHosts else {
            throw CoreError(stage: "\(name) \(request.placement.rawValue) pair", detail: "podman places containers on one host only")
        }
        try ensureConfig()
        let image = try image(for: request.rootfs)
        return try pairPlacement.place(request, image: image)
    }
}
