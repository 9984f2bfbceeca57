import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// Byte layouts derived by hand from the kernel uapi: nlmsghdr (u32 len, u16 type, u16 flags,
/// u32 seq, u32 pid), ifinfomsg (16 bytes), ifaddrmsg (8), rtmsg (12), rtattr (u16 len, u16 type,
/// value padded to 4). Little endian, as on this x86-64 machine.
struct NetlinkEncodingTests {
    private func sentBytes(_ operation: (RouteNetlink) throws -> Void,
                           responder: @escaping (NetlinkMessage) -> [NetlinkMessage] = { [NetlinkMessage.errorReply(to: $0)] }) throws -> [[UInt8]] {
        let socket = RecordingNetlinkSocket(responder: responder)
        try operation(RouteNetlink(socket: socket))
        return socket.requests.map { $0.encoded() }
    }

    @Test func attributeIsPaddedToFourBytesButLengthIsNot() {
        #expect(NetlinkAttribute.string(3, "lo").encoded() == [7, 0, 3, 0, 0x6c, 0x6f, 0, 0])
        #expect(NetlinkAttribute.uint32(4, 1500).encoded() == [8, 0, 4, 0, 0xdc, 0x05, 0, 0])
        #expect(NetlinkAttribute.bigEndian16(15, 4789).encoded() == [6, 0, 15, 0, 0x12, 0xb5, 0, 0])
    }

    @Test func createBridgeMatchesTheUapiLayout() throws {
        let sent = try sentBytes { try $0.createBridge(named: "cbenchbr0") }
        let expected: [UInt8] = [
            64, 0, 0, 0, 16, 0, 0x05, 0x06, 1, 0, 0, 0, 0, 0, 0, 0,           // nlmsghdr: RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE, seq 1
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                   // ifinfomsg, all zero
            14, 0, 3, 0, 0x63, 0x62, 0x65, 0x6e, 0x63, 0x68, 0x62, 0x72, 0x30, 0, 0, 0, // IFLA_IFNAME "cbenchbr0"
            16, 0, 18, 0, 11, 0, 1, 0, 0x62, 0x72, 0x69, 0x64, 0x67, 0x65, 0, 0,       // IFLA_LINKINFO { IFLA_INFO_KIND "bridge" }
        ]
        #expect(sent == [expected])
    }

    @Test func vethPeerNestsAnInterfaceInfoMessageAndTheNamespaceFD() throws {
        let sent = try sentBytes { try $0.createVethPair(named: "cbench0a", peer: "cbench0b", peerNamespace: .descriptor(9)) }
        let first = try #require(sent.first)
        let message = try #require(try NetlinkMessage.decodeAll(first).first)
        let attributes = NetlinkAttribute.decode(message.payload[16...])
        #expect(attributes.first(Netlink.linkName)?.stringValue == "cbench0a")
        let info = try #require(attributes.first(Netlink.linkInfo)?.nestedAttributes)
        #expect(info.first(Netlink.linkInfoKind)?.stringValue == "veth")
        let peer = try #require(info.first(Netlink.linkInfoData)?.nestedAttributes.first(Netlink.vethPeer))
        #expect(Array(peer.value.prefix(16)) == [UInt8](repeating: 0, count: 16))
        let peerAttributes = NetlinkAttribute.decode(peer.value[16...])
        #expect(peerAttributes.first(Netlink.linkName)?.stringValue == "cbench0b")
        #expect(peerAttributes.first(Netlink.linkNamespaceFD)?.uint32Value == 9)
        // The peer nest's value: 16 (ifinfomsg) + 16 (IFLA_IFNAME, 13 bytes padded) + 8 (IFLA_NET_NS_FD).
        #expect(peer.value.count == 40)
    }

    @Test func addAddressMatchesTheUapiLayout() throws {
        let sent = try sentBytes({ try $0.addAddress(try #require(IPv4Prefix("10.209.0.1/24")), to: "cbench0b") }, responder: linkLookup)
        #expect(sent.count == 2)
        let expected: [UInt8] = [
            40, 0, 0, 0, 20, 0, 0x05, 0x06, 2, 0, 0, 0, 0, 0, 0, 0,  // RTM_NEWADDR, seq 2 (seq 1 looked the link up)
            2, 24, 0, 0, 5, 0, 0, 0,                                  // ifaddrmsg: AF_INET, /24, index 5
            8, 0, 2, 0, 10, 209, 0, 1,                                // IFA_LOCAL
            8, 0, 1, 0, 10, 209, 0, 1,                                // IFA_ADDRESS
        ]
        #expect(sent.last == expected)
    }

    @Test func routeWithoutGatewayHasLinkScope() throws {
        let route = NetlinkRoute(destination: try #require(IPv4Prefix("10.210.0.0/16")), outputLink: "cbench0b")
        let sent = try sentBytes({ try $0.addRoute(route) }, responder: linkLookup)
        let expected: [UInt8] = [
            44, 0, 0, 0, 24, 0, 0x05, 0x06, 2, 0, 0, 0, 0, 0, 0, 0,  // RTM_NEWROUTE
            2, 16, 0, 0, 254, 3, 253, 1, 0, 0, 0, 0,                  // rtmsg: AF_INET /16, main, boot, link scope, unicast
            8, 0, 1, 0, 10, 210, 0, 0,                                // RTA_DST
            8, 0, 4, 0, 5, 0, 0, 0,                                   // RTA_OIF 5
        ]
        #expect(sent.last == expected)
    }

    @Test func vxlanCarriesIdRemoteLocalAndBigEndianPort() throws {
        let options = RouteNetlink.VxlanOptions(id: 42, local: IPv4Address(10, 0, 0, 1), remote: IPv4Address(10, 0, 0, 2),
                                                destinationPort: 4789, underlyingLink: "cbench0b")
        let sent = try sentBytes({ try $0.createVxlan(named: "cbenchvx0", options: options) }, responder: linkLookup)
        let last = try #require(sent.last)
        let message = try #require(try NetlinkMessage.decodeAll(last).first)
        let info = try #require(NetlinkAttribute.decode(message.payload[16...]).first(Netlink.linkInfo)?.nestedAttributes)
        #expect(info.first(Netlink.linkInfoKind)?.stringValue == "vxlan")
        let data = try #require(info.first(Netlink.linkInfoData)?.nestedAttributes)
        #expect(data.map(\.type) == [Netlink.vxlanID, Netlink.vxlanGroup, Netlink.vxlanLink, Netlink.vxlanLocal, Netlink.vxlanPort])
        #expect(data.first(Netlink.vxlanID)?.uint32Value == 42)
        #expect(data.first(Netlink.vxlanGroup)?.value == [10, 0, 0, 2])
        #expect(data.first(Netlink.vxlanLink)?.uint32Value == 5)
        #expect(data.first(Netlink.vxlanPort)?.value == [0x12, 0xb5])
    }

    @Test func messagesRoundTripThroughDecoding() throws {
        let link = NetlinkLink(index: 3, name: "cbench0a", flags: 1, mtu: 1500, macAddress: MACAddress("02:42:ac:11:00:02"),
                               masterIndex: 7, kind: "veth")
        let bytes = link.message().encoded() + NetlinkMessage.doneReply(to: NetlinkMessage(type: 18, flags: 0)).encoded()
        let decoded = try NetlinkMessage.decodeAll(bytes)
        #expect(decoded.count == 2)
        #expect(NetlinkLink(message: decoded[0]) == link)
        #expect(decoded[1].type == Netlink.done)
    }

    @Test func truncatedHeaderIsAnError() {
        var bytes = NetlinkMessage(type: 16, flags: 0, payload: [1, 2, 3, 4]).encoded()
        bytes[0] = 200
        #expect(throws: CoreError.self) { try NetlinkMessage.decodeAll(bytes) }
    }

    @Test func addressesAndPrefixesParse() {
        #expect(IPv4Prefix("10.209.0.7/24")?.network.description == "10.209.0.0/24")
        #expect(IPv4Prefix("10.209.0.7")?.length == 32)
        #expect(IPv4Prefix("0.0.0.0/0")?.isDefault == true)
        #expect(IPv4Address("10.209.0") == nil)
        #expect(IPv4Address("10.209.0.256") == nil)
        #expect(IPv4Prefix("10.0.0.1/33") == nil)
        #expect(MACAddress("02:42:AC:11:00:02")?.description == "02:42:ac:11:00:02")
        #expect(MACAddress("02:42:ac:11:00") == nil)
    }
}

/// Answers RTM_GETLINK by name with index 5, everything else with an acknowledgement.
func linkLookup(_ request: NetlinkMessage) -> [NetlinkMessage] {
    guard request.type == Netlink.getLink else { return [NetlinkMessage.errorReply(to: request)] }
    let name = NetlinkAttribute.decode(request.payload[16...]).first(Netlink.linkName)?.stringValue ?? ""
    return [NetlinkLink(index: 5, name: name).message(), NetlinkMessage.errorReply(to: request)]
}
