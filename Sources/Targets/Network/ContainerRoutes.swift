import NamespaceCore

/// Routes a veth container on a routed network needs beyond its own block (the rest of the
/// subnet through its host's bridge), added in its network namespace over rtnetlink.
enum ContainerRoutes {
    static func add(_ routes: [NetlinkRoute], pid: Int32, container: String) throws {
        guard !routes.isEmpty else { return }
        let netlink = try RouteNetlink.inNamespace(ofProcess: pid)
        for route in routes {
            do { try netlink.addRoute(route) } catch {
                throw CoreError(stage: "\(container): route \(route.destination)", detail: "\(error)", cause: error)
            }
        }
    }
}
