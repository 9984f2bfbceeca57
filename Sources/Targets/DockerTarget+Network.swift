import Foundation
import NamespaceCore

/// Docker places a pair on one host with a bridge network of its own (`--internal`, and our
/// dockerd runs with `--iptables=false`: no NAT, no firewall rules; the bridge carries our
/// prefix so `cbench cleanup` finds it). Across hosts it cannot without swarm: its overlay
/// driver needs a swarm manager, and no driver routes a subnet between hosts; the refusal
/// and the driver list are the evidence.
extension DockerTarget: NetworkPlacingTarget {
    public func networkSupport(_ placement: NetworkPlacement) -> NetworkSupport {
        guard placement.spansHosts else { return .supported }
        guard let host = try? daemon.ensureRunning() else {
            return .notSupported(reason: "no Docker daemon answered", command: nil, evidence: "")
        }
        return pairPlacement(host: host).crossHostRefusal(
            placement, probe: "cbench-overlay-probe-\(PodmanTarget.runTag(context))",
            overlayReason: "not supported without swarm: Docker's overlay driver needs a swarm manager",
            routedReason: "not supported: no Docker network driver routes a container subnet between hosts (overlay needs swarm)")
    }

    private func pairPlacement(host: String) -> EngineNetworkPair {
        EngineNetworkPair(engine: { [daemon] in daemon.command(host: host, $0) }, name: "docker", tool: "docker",
                          bridgeOption: { ["--opt", "com.docker.network.bridge.name=\($0)"] },
                          runOptions: [], cgroupParent: daemon.usesCgroupfs, tag: "d", helpers: ["containerd-shim"])
    }

    public func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair {
        guard !request.placement.spansHosts else {
            throw CoreError(stage: "docker \(request.placement.rawValue) pair", detail: "not supported without swarm")
        }
        let host = try daemon.ensureRunning()
        let image = try image(for: request.rootfs, scratch: scratch)
        return try pairPlacement(host: host).place(request, image: image)
    }
}
