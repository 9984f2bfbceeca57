import Testing
@testable import NamespaceCore

/// The announcement a restored container sends: a broadcast ARP request for its own address.
struct GratuitousARPTests {
    @Test func theFrameIsABroadcastRequestWhoseSenderAndTargetAreTheAddress() throws {
        let mac = try #require(MACAddress("02:cb:0a:d6:00:7e"))
        let frame = GratuitousARP.frame(mac: mac, address: IPv4Address(10, 214, 0, 126))
        #expect(frame.count == 60, "padded to Ethernet's minimum")
        #expect(Array(frame[0..<6]) == [0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(Array(frame[6..<12]) == mac.bytes)
        #expect(Array(frame[12..<14]) == [0x08, 0x06])
        #expect(Array(frame[14..<22]) == [0, 1, 0x08, 0x00, 6, 4, 0, 1], "Ethernet/IPv4, a request")
        #expect(Array(frame[22..<28]) == mac.bytes)
        #expect(Array(frame[28..<32]) == [10, 214, 0, 126])
        #expect(Array(frame[32..<38]) == [0, 0, 0, 0, 0, 0])
        #expect(Array(frame[38..<42]) == [10, 214, 0, 126])
        #expect(frame[42...].allSatisfy { $0 == 0 })
    }
}

extension GratuitousARPTests {
    @Test func theLinkAddressIsSockaddrLlToTheBroadcastAddress() {
        let bytes = GratuitousARP.linkAddress(index: 7, protocolNumber: UInt16(0x0806).bigEndian)
        #expect(bytes.count == 20)
        #expect(Array(bytes[0..<2]) == [17, 0], "AF_PACKET, host order")
        #expect(Array(bytes[2..<4]) == [0x08, 0x06], "ETH_P_ARP, network order")
        #expect(Array(bytes[4..<8]) == [7, 0, 0, 0])
        #expect(bytes[11] == 6)
        #expect(Array(bytes[12..<18]) == [0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
    }
}
