#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemNetwork {
    /// After a restore: one gratuitous ARP from every address of every veth inside the
    /// container of `pid`, so the bridges and VXLAN ports on the way learn where its MAC is now
    /// (a migrated container is reached at its old address at once, not after the forwarding
    /// entries towards its old host age out). Returns what could not be announced, in words;
    /// the restore stands either way.
    public static func announce(_ plans: [SystemVethPlan], pid: Int32) -> [String] {
        let wanted = plans.filter { !$0.addresses.isEmpty && $0.up }
        guard !wanted.isEmpty else { return [] }
        let namespace = open("/proc/\(pid)/ns/net", O_RDONLY | O_CLOEXEC)
        guard namespace >= 0 else { return ["open /proc/\(pid)/ns/net: \(CoreError(stage: "announce", errno: errno))"] }
        defer { close(namespace) }
        var failures: [String] = []
        do {
            let inside = try RouteNetlink.inNamespace(ofProcess: pid)
            for plan in wanted {
                guard let link = try inside.link(named: plan.containerName) else {
                    failures.append("announce: no \(plan.containerName) in the container")
                    continue
                }
                for address in plan.addresses {
                    do { try GratuitousARP.announce(address.address, from: link, namespaceDescriptor: namespace) } catch {
                        failures.append("\(error)")
                    }
                }
            }
        } catch {
            failures.append("\(error)")
        }
        return failures
    }
}
