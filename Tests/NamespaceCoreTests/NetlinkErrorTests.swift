#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

struct NetlinkErrorTests {
    @Test func kernelErrorNamesTheOperationAndErrno() throws {
        let socket = RecordingNetlinkSocket { [NetlinkMessage.errorReply(to: $0, errno: EEXIST)] }
        let error = #expect(throws: CoreError.self) {
            try RouteNetlink(socket: socket).createVethPair(named: "cbench0a", peer: "cbench0b")
        }
        #expect(error?.stage == "netlink create veth cbench0a")
        #expect(error?.errno == EEXIST)
        #expect(error?.description == "netlink create veth cbench0a: EEXIST (File exists)")
    }

    @Test func errorBytesFromTheKernelDecode() throws {
        // NLMSG_ERROR, flags NLM_F_CAPPED, seq 1: error -19 (ENODEV), then the echoed request header.
        let bytes: [UInt8] = [
            36, 0, 0, 0, 2, 0, 0x00, 0x01, 1, 0, 0, 0, 0, 0, 0, 0,
            0xed, 0xff, 0xff, 0xff,
            16, 0, 0, 0, 18, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0,
        ]
        let message = try #require(try NetlinkMessage.decodeAll(bytes).first)
        #expect(message.errorCode == ENODEV)
        #expect(message.extendedAckMessage == nil)
    }

    @Test func extendedAckTextBecomesTheDetail() throws {
        // NLM_F_CAPPED | NLM_F_ACK_TLVS: error, echoed header, then NLMSGERR_ATTR_MSG.
        let text = NetlinkAttribute.string(Netlink.extAckMessage, "Unknown device type")
        let socket = RecordingNetlinkSocket { request in
            var reply = NetlinkMessage.errorReply(to: request, errno: EOPNOTSUPP)
            reply.flags = Netlink.capped | Netlink.ackTLVs
            reply.payload += text.encoded()
            return [reply]
        }
        let error = #expect(throws: CoreError.self) { try RouteNetlink(socket: socket).createBridge(named: "cbenchbr0") }
        #expect(error?.detail == "Unknown device type")
        #expect(error?.description.hasPrefix("netlink create bridge cbenchbr0: EOPNOTSUPP") == true)
    }

    @Test func missingLinkIsNilButRequiredLinkIsAnError() throws {
        let socket = RecordingNetlinkSocket { [NetlinkMessage.errorReply(to: $0, errno: ENODEV)] }
        let netlink = RouteNetlink(socket: socket)
        #expect(try netlink.link(named: "cbenchnone") == nil)
        let error = #expect(throws: CoreError.self) { try netlink.setUp("cbenchnone") }
        #expect(error?.description.hasPrefix("netlink get link cbenchnone: ENODEV") == true)
    }

    @Test func defaultRouteIsRefusedUnlessAsked() throws {
        let socket = RecordingNetlinkSocket(responder: linkLookup)
        let netlink = RouteNetlink(socket: socket)
        let route = NetlinkRoute(destination: try #require(IPv4Prefix("0.0.0.0/0")), gateway: IPv4Address(10, 209, 0, 1))
        #expect(throws: CoreError.self) { try netlink.addRoute(route) }
        #expect(socket.requests.isEmpty)
        try netlink.addRoute(route, allowDefaultRoute: true)
        #expect(socket.requests.count == 1)
        #expect(NetlinkAttribute.decode(socket.requests[0].payload[12...]).first(Netlink.routeDestination) == nil)
    }

    @Test func failedDumpReportsItsErrno() throws {
        let socket = RecordingNetlinkSocket { request in
            var done = NetlinkMessage.doneReply(to: request)
            done.payload = NetlinkBytes.of(-EINTR)
            return [done]
        }
        let error = #expect(throws: CoreError.self) { try RouteNetlink(socket: socket).links() }
        #expect(error?.errno == EINTR)
    }
}
