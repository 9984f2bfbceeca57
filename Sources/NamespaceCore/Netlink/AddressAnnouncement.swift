#if canImport(Glibc)
import Glibc
#endif

/// One interface of a container whose addresses are announced: its name inside the container,
/// its host end (the bridge port the announcement leaves through) and its addresses.
public struct AnnouncedInterface: Sendable, Equatable {
    public var interface: String
    public var hostLink: String
    public var addresses: [IPv4Address]

    public init(interface: String, hostLink: String, addresses: [IPv4Address]) {
        self.interface = interface
        self.hostLink = hostLink
        self.addresses = addresses
    }
}

/// How both modes tell the network where a container's addresses are, after a start or a
/// restore: one gratuitous ARP (`GratuitousARP`) from each address once its host end's bridge
/// port forwards. A peer that holds an entry for the address (another container's MAC, one
/// that used it before or on another host; a failed entry after sending while it was gone)
/// takes the new MAC at once; without it the peer found the container only when its entry
/// failed, 1 to 40 s later (README, "Live migration, measured").
public enum AddressAnnouncement {
    /// Announces `interfaces` from inside the network namespace of `pid`. Returns what could
    /// not be announced, in words: the container runs either way.
    public static func announce(_ interfaces: [AnnouncedInterface], inNamespaceOf pid: Int32) -> [String] {
        let wanted = interfaces.filter { !$0.addresses.isEmpty }
        guard !wanted.isEmpty else { return [] }
        let namespace = open("/proc/\(pid)/ns/net", O_RDONLY | O_CLOEXEC)
        guard namespace >= 0 else { return ["\(CoreError(stage: "announce: open /proc/\(pid)/ns/net", errno: errno))"] }
        defer { close(namespace) }
        let inside: RouteNetlink
        do { inside = try RouteNetlink.inNamespace(ofProcess: pid) } catch { return ["announce: \(error)"] }
        return announce(wanted, awaitForwarding: { BridgePort.awaitForwarding($0) }) { address, name in
            guard let link = try inside.link(named: name) else {
                throw CoreError(stage: "announce \(address) on \(name)", errno: ENODEV, detail: "no such interface in the container")
            }
            try GratuitousARP.announce(address, from: link, namespaceDescriptor: namespace)
        }
    }

    /// The order, through its seams: each host end's port is waited for, then its addresses
    /// are sent. A port that does not forward in time is reported and announced all the same
    /// (the frame may yet pass); a failed send is reported and the rest still go.
    static func announce(_ interfaces: [AnnouncedInterface], awaitForwarding: (String) -> BridgePort.Wait,
                         send: (IPv4Address, String) throws -> Void) -> [String] {
        var failures: [String] = []
        for interface in interfaces where !interface.addresses.isEmpty {
            if awaitForwarding(interface.hostLink) == .timedOut {
                failures.append("announce on \(interface.interface): the bridge port \(interface.hostLink) did not forward in time; sent all the same")
            }
            for address in interface.addresses {
                do { try send(address, interface.interface) } catch { failures.append("\(error)") }
            }
        }
        return failures
    }

    /// One line on stderr per failure, under `stage` (a start or a restore, which stands).
    public static func report(_ failures: [String], stage: String) {
        for failure in failures {
            let line = Array("cbench: \(stage): \(failure) (peers reach it once their neighbour entries fail)\n".utf8)
            _ = write(STDERR_FILENO, line, line.count)
        }
    }
}
