import NamespaceCore
import NamespaceCoreTesting
import Testing
@testable import AppContainers

@Suite struct NetworkAddressTests {
    let subnet = IPv4Prefix(IPv4Address(10, 77, 0, 0), length: 24)

    @Test func allocationSkipsNetworkGatewayAndBroadcastAndReusesReleased() throws {
        var pool = AddressPool(subnet: subnet, gateway: IPv4Address(10, 77, 0, 1))
        #expect(try pool.allocate(network: "n") == IPv4Address(10, 77, 0, 2))
        #expect(try pool.allocate(network: "n") == IPv4Address(10, 77, 0, 3))
        pool.release(IPv4Address(10, 77, 0, 2))
        #expect(try pool.allocate(network: "n") == IPv4Address(10, 77, 0, 2))
        #expect(try pool.allocate(network: "n") == IPv4Address(10, 77, 0, 4))
    }

    @Test func exhaustionIsAnError() throws {
        let small = IPv4Prefix(IPv4Address(10, 77, 9, 0), length: 29)
        var pool = AddressPool(subnet: small, gateway: AddressPool.firstHost(of: small))
        var handed: [IPv4Address] = []
        for _ in 0..<5 { handed.append(try pool.allocate(network: "tiny")) }
        #expect(handed.last == IPv4Address(10, 77, 9, 6))
        let error = #expect(throws: CoreError.self) { try pool.allocate(network: "tiny") }
        #expect(error?.description.contains("no free address left in 10.77.9.0/29") == true)
        pool.release(IPv4Address(10, 77, 9, 4))
        #expect(try pool.allocate(network: "tiny") == IPv4Address(10, 77, 9, 4))
    }

    @Test func overlapChecks() throws {
        let p = { (text: String) in IPv4Prefix(text)! }
        #expect(SubnetChooser.overlaps(p("10.77.0.0/24"), p("10.0.0.0/8")))
        #expect(SubnetChooser.overlaps(p("10.77.0.0/24"), p("10.77.0.129/32")))
        #expect(!SubnetChooser.overlaps(p("10.77.0.0/24"), p("10.77.1.0/24")))
        #expect(SubnetChooser.firstFree(occupied: [p("0.0.0.0/0")]) == p("10.77.0.0/24"), "a default route blocks nothing")
        #expect(SubnetChooser.firstFree(occupied: [p("10.77.0.0/16")]) == p("172.29.0.0/24"))
        #expect(SubnetChooser.firstFree(occupied: [p("10.0.0.0/8"), p("172.16.0.0/12")]) == nil)
    }

    @Test func routeDumpMessagesDecodeToMainTableDestinations() throws {
        func route(_ destination: [UInt8]?, length: UInt8, table: UInt8) -> NetlinkMessage {
            let header = RouteInfoMessage(destinationLength: length, table: table, routeProtocol: 3, scope: 0, routeType: 1)
            let attributes = destination.map { [NetlinkAttribute(type: Netlink.routeDestination, value: $0)] } ?? []
            return NetlinkMessage(type: Netlink.newRoute, flags: 0, payload: header.encoded() + NetlinkAttribute.encode(attributes))
        }
        #expect(RouteNetlink.mainTableDestination(of: route([192, 168, 5, 0], length: 24, table: 254)) == IPv4Prefix("192.168.5.0/24"))
        #expect(RouteNetlink.mainTableDestination(of: route(nil, length: 0, table: 254)) == IPv4Prefix("0.0.0.0/0"))
        #expect(RouteNetlink.mainTableDestination(of: route([127, 0, 0, 0], length: 8, table: 255)) == nil, "local table")
    }

    @Test func hostLinkNamesFitAndCarryThePrefix() {
        let name = AppNetworking.hostLinkName(containerID: "0123456789abcdef", index: 3)
        #expect(name == "cbench0123456v3")
        #expect(name.count <= 15)
        #expect(AppNetwork.bridgeName(id: "fedcba9876543210").count == 15)
    }
}

/// The real prefix source over a recording socket: addresses' subnets and main-table routes.
@Suite struct NetworkHostPrefixTests {
    @Test func addressesAndMainRoutesAreOccupied() throws {
        let answer: @Sendable (NetlinkMessage) -> [NetlinkMessage] = { request in
            switch request.type {
            case Netlink.getAddress:
                return [NetlinkAddress(linkIndex: 2, address: IPv4Prefix("192.0.2.2/24")!).message(), NetlinkMessage(type: Netlink.done, flags: 0, payload: [0, 0, 0, 0])]
            case Netlink.getRoute:
                let main = RouteInfoMessage(destinationLength: 16, table: 254, routeProtocol: 3, scope: 0, routeType: 1)
                let route = NetlinkMessage(type: Netlink.newRoute, flags: 0,
                                           payload: main.encoded() + NetlinkAttribute.encode([NetlinkAttribute(type: Netlink.routeDestination, value: [10, 77, 0, 0])]))
                return [route, NetlinkMessage(type: Netlink.done, flags: 0, payload: [0, 0, 0, 0])]
            default:
                return [NetlinkMessage.errorReply(to: request)]
            }
        }
        let source = NetlinkHostPrefixes(netlink: { RouteNetlink(socket: RecordingNetlinkSocket(responder: answer)) })
        let occupied = try source.occupiedPrefixes()
        #expect(occupied == [IPv4Prefix("192.0.2.0/24")!, IPv4Prefix("10.77.0.0/16")!])
        #expect(SubnetChooser.firstFree(occupied: occupied) == IPv4Prefix("172.29.0.0/24"))
    }
}
