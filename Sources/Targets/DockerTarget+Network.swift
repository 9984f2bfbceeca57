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
        let drivers = daemon.command(host: host, ["info", "--format", "{{.Plugins.Network}}"])
        let probe = "cbench-overlay-probe-\(PodmanTarget.runTag(context))"
        let overlay = daemon.command(host: host, ["network", "create", "--driver", "overlay", probe])
        let listed = (try? Spawn(drivers).run()).map { ($0.stdout + $0.stderr).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let refused = (try? Spawn(overlay).run()) ?? SpawnResult(exit: .exited(127), stdout: "", stderr: "docker did not start")
        if refused.status == 0 {
            // A daemon in swarm mode made it: still no way to place a container on a lab host's daemon.
            _ = try? Spawn(daemon.command(host: host, ["network", "rm", probe])).run()
        }
        let evidence = "$ docker info --format '{{.Plugins.Network}}'\n\(listed)\n$ docker network create --driver overlay \(probe)\n"
            + (refused.stdout + refused.stderr).trimmingCharacters(in: .whitespacesAndNewlines) + "\n(exit \(refused.status))"
        let reason = placement == .overlay
            ? "not supported without swarm: Docker's overlay driver needs a swarm manager"
            : "not supported: no Docker network driver routes a container subnet between hosts (overlay needs swarm)"
        return .notSupported(reason: reason, command: overlay.joined(separator: " "), evidence: evidence)
    }

    public func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair {
        guard !request.placement.spansHosts else {
            throw CoreError(stage: "docker \(request.placement.rawValue) pair", detail: "not supported without swarm")
        }
        let host = try daemon.ensureRunning()
        let image = try image(for: request.rootfs, scratch: scratch)
        let placement = EngineNetworkPair(engine: { [daemon] in daemon.command(host: host, $0) }, name: "docker",
                                          bridgeOption: { ["--opt", "com.docker.network.bridge.name=\($0)"] },
                                          runOptions: [], cgroupParent: daemon.usesCgroupfs, tag: "d", helpers: ["containerd-shim"])
        return try placement.place(request, image: image)
    }
}
