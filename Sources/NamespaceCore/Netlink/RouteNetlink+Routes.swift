/// Adding and deleting IPv4 routes in the main table.
///
/// The rule (HOST-NOTES.md, "The network"): no traffic may leave the machine, so a default
/// route (0.0.0.0/0) is refused unless the caller passes `allowDefaultRoute: true`, which is
/// only for namespaces the harness made whose every link stays inside the machine.
extension RouteNetlink {
    public func addRoute(_ route: NetlinkRoute, allowDefaultRoute: Bool = false) throws {
        let operation = "add route \(route.description)"
        if route.destination.isDefault && !allowDefaultRoute {
            throw CoreError(stage: "netlink \(operation)",
                            detail: "default routes are refused unless allowDefaultRoute is set: traffic must stay on the machine")
        }
        if route.gateway == nil && route.outputLink == nil {
            throw CoreError(stage: "netlink \(operation)", detail: "a route needs a gateway or an output link")
        }
        // As `ip route add`: boot protocol; link scope when there is no gateway to go through.
        let header = RouteInfoMessage(destinationLength: route.destination.length, routeProtocol: Netlink.protocolBoot,
                                      scope: route.gateway == nil ? Netlink.scopeLink : Netlink.scopeUniverse,
                                      routeType: Netlink.routeUnicast)
        try request(Netlink.newRoute, flags: Netlink.create | Netlink.exclusive,
                    payload: header.encoded() + NetlinkAttribute.encode(try attributes(of: route)), operation: operation)
    }

    public func deleteRoute(_ route: NetlinkRoute) throws {
        // As `ip route del`: any protocol, any scope; the kernel matches what is given.
        let header = RouteInfoMessage(destinationLength: route.destination.length, routeProtocol: 0,
                                      scope: Netlink.scopeNowhere, routeType: 0)
        try request(Netlink.deleteRoute, flags: 0, payload: header.encoded() + NetlinkAttribute.encode(try attributes(of: route)),
                    operation: "delete route \(route.description)")
    }

    private func attributes(of route: NetlinkRoute) throws -> [NetlinkAttribute] {
        var attributes: [NetlinkAttribute] = []
        if !route.destination.isDefault {
            attributes.append(NetlinkAttribute(type: Netlink.routeDestination, value: route.destination.network.address.bytes))
        }
        if let gateway = route.gateway { attributes.append(NetlinkAttribute(type: Netlink.routeGateway, value: gateway.bytes)) }
        if let link = route.outputLink { attributes.append(.int32(Netlink.routeOutputLink, try index(of: link))) }
        return attributes
    }
}
