#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Wires and unwires a system container's veth networks over rtnetlink: the host's namespace
/// through `host`, the container's through `containerNetlink(pid)`. Both are injectable, so
/// the sequence of requests is testable with a recording socket.
public struct SystemNetwork {
    public let host: RouteNetlink
    public let containerNetlink: (Int32) throws -> RouteNetlink

    public init(host: RouteNetlink, containerNetlink: @escaping (Int32) throws -> RouteNetlink) {
        self.host = host
        self.containerNetlink = containerNetlink
    }

    /// Real sockets: the caller's namespace and /proc/PID/ns/net.
    public static func real() throws -> SystemNetwork {
        SystemNetwork(host: try RouteNetlink(), containerNetlink: { try RouteNetlink.inNamespace(ofProcess: $0) })
    }

    /// Connects the container whose init is `pid` (stopped before set-up, its network namespace
    /// made): bridge on demand, veth pair with the peer born inside, MTU, MAC, addresses, up. Returns
    /// the host ends made; on failure the ones made so far are deleted again.
    public func connect(_ plans: [SystemVethPlan], pid: Int32) throws -> [String] {
        guard !plans.isEmpty else { return [] }
        return try connect(plans, namespace: .process(pid), inside: try containerNetlink(pid)) {
            SystemVethPlan.hostLinkName(pid: pid, index: $0)
        }
    }

    /// The same wiring into any network namespace (`inside` works in it), each host end named
    /// by `hostLinkName(index)`: how a named namespace a runtime's container joins gets its veth.
    /// `hostUp: false` leaves the host ends down (`raise` sets them up): a namespace wired before
    /// its tree is restored takes no packet meanwhile (a TCP peer's would be answered with a reset).
    public func connect(_ plans: [SystemVethPlan], namespace: RouteNetlink.NamespaceTarget, inside: RouteNetlink,
                        hostUp: Bool = true, hostLinkName: (Int) -> String) throws -> [String] {
        var made: [String] = []
        do {
            for plan in plans {
                try ensureBridge(plan)
                let hostName = hostLinkName(plan.index)
                try host.createVethPair(named: hostName, peer: plan.containerName, peerNamespace: namespace)
                made.append(hostName)
                try host.setMaster(hostName, master: plan.bridge)
                if let mtu = plan.mtu {
                    try host.setMTU(hostName, mtu: mtu)
                    try inside.setMTU(plan.containerName, mtu: mtu)
                }
                if hostUp { try host.setUp(hostName) }
                if let pattern = plan.hardwareAddressPattern, let mac = Self.macAddress(from: pattern) {
                    try inside.setMACAddress(plan.containerName, mac)
                }
                for address in plan.addresses { try inside.addAddress(address, to: plan.containerName) }
                if plan.up { try inside.setUp(plan.containerName) }
            }
            return made
        } catch {
            disconnect(made)
            throw error
        }
    }

    /// Sets host ends up (after `connect(hostUp: false)`).
    public func raise(_ hostLinks: [String]) throws {
        for name in hostLinks { try host.setUp(name) }
    }

    /// Deletes host ends (their peers go with them); one already gone is fine.
    public func disconnect(_ hostLinks: [String]) {
        for name in hostLinks { try? host.deleteLink(named: name) }
    }

    /// Creates the bridge with its address and up, unless it exists. A concurrent start that
    /// made it first is fine.
    public func ensureBridge(_ plan: SystemVethPlan) throws {
        if let existing = try host.link(named: plan.bridge) {
            guard existing.kind == "bridge" else {
                throw CoreError(stage: "lxc.net.\(plan.index).link", detail: "\(plan.bridge) exists and is not a bridge (\(existing.kind ?? "no kind"))")
            }
            if !existing.isUp { try host.setUp(plan.bridge) }
            return
        }
        do {
            try host.createBridge(named: plan.bridge)
        } catch let error as CoreError where error.errno == EEXIST {
            return
        }
        // The mark that lets destroy remove it later: a bridge without it is not ours to delete.
        try host.setAlias(plan.bridge, Self.bridgeAlias)
        if let address = plan.bridgeAddress {
            do { try host.addAddress(address, to: plan.bridge) } catch let error as CoreError where error.errno == EEXIST {}
        }
        try host.setUp(plan.bridge)
    }

    /// The alias of the bridges a system container's start made.
    public static let bridgeAlias = "cbench system bridge"

    /// Deletes `bridge` when a container's start made it (it carries `bridgeAlias`) and no
    /// ports are left on it. A bridge someone else made (by hand, an app network, another
    /// tool) is never deleted, whatever its name. Returns whether it was deleted.
    @discardableResult
    public func removeBridgeIfUnused(_ bridge: String) throws -> Bool {
        guard bridge.hasPrefix(SystemVethPlan.bridgePrefix), let link = try host.link(named: bridge), link.kind == "bridge",
              link.alias == Self.bridgeAlias else {
            return false
        }
        let ports = try host.links().filter { $0.masterIndex == link.index }
        guard ports.isEmpty else { return false }
        do { try host.deleteLink(named: bridge) } catch let error as CoreError where error.errno == ENODEV {}
        return true
    }

    /// LXC's `x` digits become random ones; the result is made a unicast, locally
    /// administered address as LXC does for random parts.
    static func macAddress(from pattern: String, random: () -> UInt8 = { UInt8.random(in: 0...15) }) -> MACAddress? {
        let hexDigits = Array("0123456789abcdef")
        let filled = String(pattern.lowercased().map { $0 == "x" ? hexDigits[Int(random() & 15)] : $0 })
        guard var mac = MACAddress(filled) else { return nil }
        if pattern.lowercased().contains("x") { mac.bytes[0] = (mac.bytes[0] & 0xfe) | 0x02 }
        return mac
    }
}
