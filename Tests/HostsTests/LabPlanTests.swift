import Testing
@testable import Hosts
import NamespaceCore
import NamespaceCoreTesting

@Suite struct LabPlanTests {
    @Test func namesAndAddressesFollowFromSizeAndSubnet() throws {
        let plan = try LabPlan(hostCount: 3)
        #expect(plan.bridgeAddress.description == "10.251.0.1/24")
        #expect(plan.hosts.map(\.name) == ["lab1", "lab2", "lab3"])
        #expect(plan.hosts.map(\.address.description) == ["10.251.0.2/24", "10.251.0.3/24", "10.251.0.4/24"])
        let lab2 = plan.hosts[1]
        #expect(lab2.networkNamespace == "cbench-lab2")
        #expect(lab2.hostLink == "cbench-lab2" && lab2.hostLink.count <= 15)
        #expect(lab2.cgroupPath == "cbench/lab/lab2")
        #expect(lab2.storeDirectory == "/var/lib/cbench/lab/lab2")
        #expect(lab2.recordPath == "/run/cbench/lab/hosts/lab2/host.json")
        #expect(LabPlan.bridgeName.hasPrefix(Leftovers.linkPrefix))
    }

    @Test func otherSubnetsAndLimits() throws {
        let plan = try LabPlan(hostCount: 2, subnet: try #require(IPv4Prefix("192.168.77.130/29")))
        #expect(plan.subnet.description == "192.168.77.128/29")
        #expect(plan.hosts.map(\.address.description) == ["192.168.77.130/29", "192.168.77.131/29"])
        #expect(throws: CoreError.self) { _ = try LabPlan(hostCount: 0) }
        #expect(throws: CoreError.self) { _ = try LabPlan(hostCount: 65) }
        // A /30 holds two addresses: the bridge and one host.
        #expect(throws: CoreError.self) { _ = try LabPlan(hostCount: 2, subnet: IPv4Prefix(IPv4Address(10, 9, 9, 0), length: 30)) }
    }

    /// Host side: bridge with its address, up; per host a veth born with eth0 in the host's
    /// namespace, on the bridge; inside: lo up, the underlay address, eth0 up. No route is added.
    @Test func networkRequestsThroughTheFake() throws {
        let plan = try LabPlan(hostCount: 2)
        let hostSocket = RecordingNetlinkSocket(responder: Self.linkLookup)
        let insideSocket = RecordingNetlinkSocket(responder: Self.linkLookup)
        let network = LabNetwork(host: RouteNetlink(socket: hostSocket), inside: { _ in RouteNetlink(socket: insideSocket) })
        try network.createBridge(plan)
        try network.connect(plan.hosts[1], namespace: .descriptor(9))

        #expect(Self.summary(hostSocket) == [
            "newlink cbench-lab", "getlink cbench-lab", "newaddr 10.251.0.1/24", "getlink cbench-lab", "newlink -",
            "newlink cbench-lab2", "getlink cbench-lab", "getlink cbench-lab2", "newlink -", "getlink cbench-lab2", "newlink -",
        ])
        let veth = hostSocket.requests[5]
        let peer = NetlinkAttribute.decode(veth.payload[16...]).first(Netlink.linkInfo)?.nestedAttributes
            .first(Netlink.linkInfoData)?.nestedAttributes.first(Netlink.vethPeer)
        let peerAttributes = NetlinkAttribute.decode(try #require(peer).value[16...])
        #expect(peerAttributes.first(Netlink.linkName)?.stringValue == "eth0")
        #expect(peerAttributes.first(Netlink.linkNamespaceFD)?.uint32Value == 9)
        #expect(Self.summary(insideSocket) == ["getlink lo", "newlink -", "getlink eth0", "newaddr 10.251.0.3/24", "getlink eth0", "newlink -"])
        #expect(!(hostSocket.requests + insideSocket.requests).contains { $0.type == Netlink.newRoute })
    }

    static func linkLookup(_ request: NetlinkMessage) -> [NetlinkMessage] {
        guard request.type == Netlink.getLink else { return [NetlinkMessage.errorReply(to: request)] }
        let name = NetlinkAttribute.decode(request.payload[16...]).first(Netlink.linkName)?.stringValue ?? ""
        return [NetlinkLink(index: 5, name: name).message(), NetlinkMessage.errorReply(to: request)]
    }

    static func summary(_ socket: RecordingNetlinkSocket) -> [String] {
        socket.requests.map { request in
            switch request.type {
            case Netlink.newAddress:
                let attributes = NetlinkAttribute.decode(request.payload[8...])
                let bytes = attributes.first(Netlink.addressLocal)?.value ?? []
                return "newaddr \(bytes.map(String.init).joined(separator: "."))/\(request.payload[1])"
            case Netlink.newLink, Netlink.getLink:
                let name = NetlinkAttribute.decode(request.payload[16...]).first(Netlink.linkName)?.stringValue
                return "\(request.type == Netlink.newLink ? "newlink" : "getlink") \(name ?? "-")"
            default:
                return "type \(request.type)"
            }
        }
    }
}
