import AppContainers
import NamespaceCore

/// Three lab hosts for migrations across hosts: the container starts on `source` and moves to
/// `destination`; the client runs on `client`. One overlay network (`cbench app network create
/// --driver overlay`, VXLAN over the lab's underlay) spans all three, so the container keeps its
/// address wherever it runs and the client reaches it through the overlay's bridge on its own
/// host. Each host runs one idle app container on the network (`anchor`): the overlay's bridge
/// and VXLAN port appear on a host with the network's first container there.
public struct MigrationLab: Sendable {
    public static let networkName = "migov"
    public static let subnet = "10.214.0.0/24"
    static let anchor = "migration-anchor"

    public var source: NetworkSite
    public var destination: NetworkSite
    public var client: NetworkSite
    /// The client host's network namespace (its sshd's /proc/PID/ns/net).
    public var clientNamespace: String
    /// Site name to the overlay's bridge on that host.
    public var bridges: [String: String]
    /// The migrating container's address: the last of the source's block, with the prefix
    /// length the overlay gives containers.
    public var containerAddress: IPv4Prefix
    public var mtu: UInt32?

    /// The overlay on every host, with its anchor; on a failure, what was made is removed by
    /// `teardown` (the lab's own removal takes the rest).
    public static func make(source: NetworkSite, destination: NetworkSite, client: NetworkSite, clientNamespace: String,
                            rootfs: String) throws -> MigrationLab {
        let sites = [source, destination, client]
        let peers = sites.compactMap(\.underlayAddress).flatMap { ["--peer", $0] }
        var bridges: [String: String] = [:]
        var layouts: [String: MultiHostLayout] = [:]
        for site in sites {
            try site.checked(try NetworkSite.cbench(["app", "network", "create", "--driver", "overlay", "--subnet", subnet] + peers + [networkName]),
                             stage: "network create \(networkName)")
            try site.checked(try NetworkSite.cbench(["app", "import", rootfs, "busybox"]), stage: "app import busybox")
            try site.checked(try NetworkSite.cbench(["app", "run", "-d", "--network", networkName, "--name", anchor, "busybox", "sleep", "1000000"]),
                             stage: "app run \(anchor)")
            let text = try site.checked(try NetworkSite.cbench(["app", "network", "inspect", networkName]), stage: "network inspect \(networkName)")
            let definition = try CrossHostNetwork.decode(text, site: site)
            guard let address = site.underlayAddress.flatMap(IPv4Address.init) else {
                throw CoreError(stage: "\(site.name): network \(networkName)", detail: "the site has no underlay address")
            }
            layouts[site.name] = try MultiHostLayout(network: definition, localAddresses: [address])
            bridges[site.name] = definition.bridge
        }
        let network = CrossHostNetwork(name: networkName, layouts: layouts, bridges: bridges)
        return MigrationLab(source: source, destination: destination, client: client, clientNamespace: clientNamespace,
                            bridges: bridges, containerAddress: try network.vethAddress(on: source), mtu: network.mtu(on: source))
    }

    /// The anchors and the network on every host; what fails is returned in words.
    public func teardown() -> [String] {
        var failures: [String] = []
        for site in [source, destination, client] {
            for words in [["app", "rm", "-f", Self.anchor], ["app", "network", "rm", Self.networkName]] {
                guard let command = try? NetworkSite.cbench(words), let outcome = try? site.run(command), outcome.status == 0 else {
                    failures.append("\(site.name): cbench \(words.joined(separator: " ")) failed")
                    continue
                }
            }
        }
        return failures
    }

    /// The migrating container's network on `site`: a veth on the overlay's bridge there, a
    /// fixed MAC (it moves with the container; the restore announces it) and the overlay's MTU.
    public func lxcLines(on site: NetworkSite, mac: String) throws -> [String] {
        guard let bridge = bridges[site.name] else { throw CoreError(stage: "migration lab", detail: "no overlay bridge on \(site.name)") }
        return ["lxc.net.0.type = veth", "lxc.net.0.link = \(bridge)", "lxc.net.0.name = eth0", "lxc.net.0.flags = up",
                "lxc.net.0.hwaddr = \(mac)", "lxc.net.0.ipv4.address = \(containerAddress)"] + (mtu.map { ["lxc.net.0.mtu = \($0)"] } ?? [])
    }
}
