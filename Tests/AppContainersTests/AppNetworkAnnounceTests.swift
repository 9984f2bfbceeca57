import Testing
import NamespaceCore
@testable import AppContainers

/// What an app container announces: each attachment's address, without its prefix length,
/// through its host end.
struct AppNetworkAnnounceTests {
    @Test func eachAttachmentIsAnnouncedThroughItsHostEnd() {
        let attachments = [
            AppNetworkAttachment(network: "front", interface: "eth0", address: "10.77.3.2/24", gateway: "10.77.3.1", hostLink: "cbha0", bridge: "cbnb0"),
            AppNetworkAttachment(network: "back", interface: "eth1", address: "not an address", gateway: "", hostLink: "cbha1", bridge: "cbnb1"),
        ]
        #expect(AppNetworking.announcedInterfaces(attachments) == [
            AnnouncedInterface(interface: "eth0", hostLink: "cbha0", addresses: [IPv4Address(10, 77, 3, 2)]),
            AnnouncedInterface(interface: "eth1", hostLink: "cbha1", addresses: []),
        ])
    }
}
