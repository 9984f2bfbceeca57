#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A checkpointed container comes back on its networks with its old address: CRIU restores
/// its network namespace (interfaces, addresses, routes, sockets) and makes each veth pair
/// again with the old host end, given as `veth[eth0]:HOSTLINK@BRIDGE`; this side checks the
/// address is still free, makes the bridge if it went, and records the member again.
extension AppNetworking {
    /// Where `containerID` is attached now (kept with its checkpoint).
    public func attachments(of containerID: String) throws -> [AppNetworkAttachment] {
        try store.list().flatMap { network in
            try store.allMembers(of: network.name).filter { $0.containerID == containerID }.map { member in
                AppNetworkAttachment(network: network.name, interface: member.interface,
                                     address: "\(member.address)/\(network.subnetPrefix?.length ?? 24)",
                                     gateway: network.gateway, hostLink: member.hostLink, bridge: network.bridge)
            }
        }
    }

    /// Before the restore: every network still exists, the old address is free and the bridge
    /// is up. Returns CRIU's `--external` entries for the veth pairs.
    public func prepareRejoin(_ attachments: [AppNetworkAttachment], containerID: String) throws -> [String] {
        try store.locked {
            try attachments.map { attachment in
                let network: AppNetwork
                do { network = try store.inspect(attachment.network) } catch {
                    throw CoreError(stage: "restore: network \(attachment.network)", errno: ENOENT,
                                    detail: "no longer exists; create it again (cbench app network create \(attachment.network))")
                }
                guard let subnet = network.subnetPrefix, let gateway = network.gatewayAddress else {
                    throw CoreError(stage: "restore: network \(network.name)", detail: "its record has no valid subnet")
                }
                let address = String(attachment.address.prefix(while: { $0 != "/" }))
                if let holder = try prunedMembers(of: network).first(where: { $0.address == address && $0.containerID != containerID }) {
                    throw CoreError(stage: "restore: network \(network.name)", errno: EADDRINUSE,
                                    detail: "address \(address) is now used by container \(holder.containerName); stop it first")
                }
                try? deleteLinkIfPresent(attachment.hostLink)
                try ensureBridge(network, subnet: subnet, gateway: gateway)
                return "veth[\(attachment.interface)]:\(attachment.hostLink)@\(network.bridge)"
            }
        }
    }

    /// At CRIU's post-restore notification, while the restored tasks are still stopped: each
    /// host end on its bridge and up, so that the announcement (`announce`) and the tasks'
    /// first packets leave on a link that carries them.
    public func attachHostEnds(_ attachments: [AppNetworkAttachment]) throws {
        for attachment in attachments {
            let network = try store.inspect(attachment.network)
            try host.setMaster(attachment.hostLink, master: network.bridge)
            try host.setUp(attachment.hostLink)
        }
    }

    /// After the restore (`pid` is the restored init), its host ends attached
    /// (`attachHostEnds`): the members are recorded again and every member's hosts file is
    /// current.
    public func completeRejoin(_ attachments: [AppNetworkAttachment], containerID: String, name: String, pid: Int32,
                               hostsFile: String?) throws {
        try store.locked {
            for attachment in attachments {
                let network = try store.inspect(attachment.network)
                var members = try prunedMembers(of: network)
                members.removeAll { $0.containerID == containerID }
                guard let address = IPv4Address(String(attachment.address.prefix(while: { $0 != "/" }))) else { continue }
                members.append(AppNetworkMember(containerID: containerID, containerName: name, address: address,
                                                interface: attachment.interface, hostLink: attachment.hostLink, hostsFile: hostsFile,
                                                pid: pid, pidStartTime: ProcessLiveness.startTime(of: pid)))
                try store.saveMembers(members, of: network.name)
            }
            try refreshHostsFiles(required: containerID)
        }
    }
}
