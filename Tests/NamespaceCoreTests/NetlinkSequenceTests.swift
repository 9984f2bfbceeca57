import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// The fake socket records what a container-network set-up sends, in order.
struct NetlinkSequenceTests {
    @Test func bridgeVethMoveAddressUp() throws {
        let socket = RecordingNetlinkSocket(responder: linkLookup)
        let netlink = RouteNetlink(socket: socket)
        try netlink.createBridge(named: "cbenchbr0")
        try netlink.createVethPair(named: "cbench0a", peer: "cbench0b")
        try netlink.setMaster("cbench0a", master: "cbenchbr0")
        try netlink.moveLink("cbench0b", to: .process(4242))
        try netlink.addAddress(try #require(IPv4Prefix("10.209.0.1/24")), to: "cbenchbr0")
        try netlink.setUp("cbenchbr0")

        let summary = socket.requests.map { request -> String in
            let name = NetlinkAttribute.decode(request.payload.dropFirst(request.type == Netlink.newAddress ? 8 : 16))
                .first(Netlink.linkName)?.stringValue
            return "\(request.type):\(name ?? "-")"
        }
        #expect(summary == [
            "16:cbenchbr0", "16:cbench0a",          // create bridge, create veth
            "18:cbenchbr0", "18:cbench0a", "16:-",  // look up master and link, set master
            "18:cbench0b", "16:-",                  // look up, move
            "18:cbenchbr0", "20:-",                 // look up, add address
            "18:cbenchbr0", "16:-",                 // look up, up
        ])
        #expect(socket.requests.map(\.sequence) == Array(1...11))
        #expect(socket.requests.allSatisfy { $0.flags & (Netlink.request | Netlink.ack) == Netlink.request | Netlink.ack })

        let setMaster = NetlinkAttribute.decode(socket.requests[4].payload[16...])
        #expect(setMaster.first(Netlink.linkMaster)?.uint32Value == 5)
        let move = NetlinkAttribute.decode(socket.requests[6].payload[16...])
        #expect(move.first(Netlink.linkNamespacePID)?.uint32Value == 4242)
        let up = try #require(InterfaceInfoMessage.decode(socket.requests[10].payload))
        #expect(up.index == 5 && up.flags == Netlink.interfaceUp && up.change == Netlink.interfaceUp)
        #expect(socket.requests[10].flags & Netlink.create == 0)
    }

    @Test func listLinksReadsEveryReplyUntilDone() throws {
        let socket = RecordingNetlinkSocket { request in
            [NetlinkLink(index: 1, name: "lo", flags: 1).message(),
             NetlinkLink(index: 2, name: "cbench0a", kind: "veth").message(),
             NetlinkMessage.doneReply(to: request)]
        }
        let links = try RouteNetlink(socket: socket).links()
        #expect(links.map(\.name) == ["lo", "cbench0a"])
        #expect(links[0].isUp && !links[1].isUp)
        #expect(socket.requests.first?.flags == Netlink.request | Netlink.dump)
    }

    @Test func listAddressesFiltersByLink() throws {
        let socket = RecordingNetlinkSocket { request in
            if request.type == Netlink.getLink { return linkLookup(request) }
            return [NetlinkAddress(linkIndex: 5, address: IPv4Prefix(IPv4Address(10, 209, 0, 1), length: 24)).message(),
                    NetlinkAddress(linkIndex: 1, address: IPv4Prefix(IPv4Address(127, 0, 0, 1), length: 8)).message(),
                    NetlinkMessage.doneReply(to: request)]
        }
        let netlink = RouteNetlink(socket: socket)
        #expect(try netlink.addresses().count == 2)
        #expect(try netlink.addresses(of: "cbench0b").map(\.address.description) == ["10.209.0.1/24"])
    }
}
