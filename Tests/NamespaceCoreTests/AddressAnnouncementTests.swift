import Testing
@testable import NamespaceCore

/// The order of an announcement: each port waited for, then its addresses sent; what fails is
/// said and the rest still goes.
struct AddressAnnouncementTests {
    static let first = AnnouncedInterface(interface: "eth0", hostLink: "cbh0", addresses: [IPv4Address(10, 1, 0, 2), IPv4Address(10, 1, 0, 3)])
    static let second = AnnouncedInterface(interface: "eth1", hostLink: "cbh1", addresses: [IPv4Address(10, 2, 0, 2)])

    @Test func eachPortIsWaitedForBeforeItsAddressesAreSent() {
        var events: [String] = []
        let failures = AddressAnnouncement.announce([Self.first, Self.second], awaitForwarding: { link in
            events.append("wait \(link)")
            return .forwarding
        }, send: { address, interface in events.append("send \(address) \(interface)") })
        #expect(failures.isEmpty)
        #expect(events == ["wait cbh0", "send 10.1.0.2 eth0", "send 10.1.0.3 eth0", "wait cbh1", "send 10.2.0.2 eth1"])
    }

    @Test func aPortThatDidNotForwardIsReportedAndAnnouncedAllTheSame() {
        var sent: [String] = []
        let failures = AddressAnnouncement.announce([Self.second], awaitForwarding: { _ in .timedOut },
                                                    send: { address, _ in sent.append("\(address)") })
        #expect(sent == ["10.2.0.2"])
        #expect(failures.count == 1 && failures[0].contains("cbh1") && failures[0].contains("did not forward"), "\(failures)")
    }

    @Test func aFailedSendIsReportedAndTheRestStillGo() {
        var sent: [String] = []
        let failures = AddressAnnouncement.announce([Self.first, Self.second], awaitForwarding: { _ in .notABridgePort }) { address, interface in
            if address == IPv4Address(10, 1, 0, 2) { throw CoreError(stage: "announce \(address) on \(interface): sendto", errno: 100) }
            sent.append("\(address)")
        }
        #expect(sent == ["10.1.0.3", "10.2.0.2"])
        #expect(failures.count == 1 && failures[0].contains("10.1.0.2"), "\(failures)")
    }

    @Test func anInterfaceWithoutAddressesIsNeitherWaitedForNorSent() {
        var events = 0
        let bare = AnnouncedInterface(interface: "eth0", hostLink: "cbh0", addresses: [])
        let failures = AddressAnnouncement.announce([bare], awaitForwarding: { _ in events += 1; return .timedOut },
                                                    send: { _, _ in events += 1 })
        #expect(failures.isEmpty && events == 0)
    }
}
