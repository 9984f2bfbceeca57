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
        let local = try LocalBridgeSubnet(id: request.id, tag: "d")
        let network = "pair-\(request.id)"
        let undo = PairUndo()
        return try undo.building {
            try RealTargetSupport.checked(daemon.command(host: host, [
                "network", "create", "--driver", "bridge", "--internal", "--subnet", local.subnet.description,
                "--gateway", local.gateway.address.description, "--opt", "com.docker.network.bridge.name=\(local.bridge)", network,
            ]), stage: "docker network create \(network)")
            let remove = daemon.command(host: host, ["network", "rm", network])
            undo.add {
                _ = try? Spawn(remove).run()
                local.remove()
            }
            func start(_ name: String) throws -> NetworkEndpoint {
                var arguments = ["run", "--detach", "--name", name, "--network", network]
                if daemon.usesCgroupfs { arguments += ["--cgroup-parent", "/" + TargetContext.cgroupPath(for: name)] }
                try RealTargetSupport.checked(daemon.command(host: host, arguments + [image] + NetworkEndpoint.idleCommand),
                                              stage: "docker run \(name)")
                let removeContainer = daemon.command(host: host, ["rm", "--force", name])
                undo.add {
                    _ = try? Spawn(removeContainer).run()
                    Cgroup.removeAbandoned(path: TargetContext.cgroupPath(for: name))
                }
                let format = "{{.State.Pid}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"
                let text = try RealTargetSupport.checked(daemon.command(host: host, ["inspect", "--format", format, name]),
                                                         stage: "docker inspect \(name)").stdout
                let words = text.split(whereSeparator: \.isWhitespace)
                guard words.count == 2, let pid = Int32(words[0]), pid > 0 else {
                    throw CoreError(stage: "docker inspect \(name)", detail: "expected 'PID ADDRESS', got '\(text.prefix(200))'")
                }
                return NetworkEndpoint(container: name, site: NetworkSite.local.name, pid: pid, address: String(words[1]))
            }
            let client = try start("\(request.id)-client")
            let server = try start("\(request.id)-server")
            return NetworkPair(client: client, server: server,
                               description: "docker bridge network (--internal, bridge \(local.bridge), \(local.subnet))", undo: undo)
        }
    }
}
