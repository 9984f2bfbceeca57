import Testing
import NamespaceCore
@testable import SystemContainers

/// What a system container's start and restore announce: each veth that is up and has an
/// address, through the host end made for it.
struct SystemNetworkAnnounceTests {
    static func plan(_ index: Int, addresses: [String], up: Bool = true) -> SystemVethPlan {
        SystemVethPlan(index: index, bridge: "cbenchbr0", containerName: "eth\(index)",
                       addresses: addresses.compactMap { IPv4Prefix($0) }, gateway: nil, hardwareAddressPattern: nil, up: up)
    }

    @Test func eachVethThatIsUpWithAnAddressIsAnnouncedThroughItsHostEnd() {
        let plans = [Self.plan(0, addresses: ["10.210.0.2/24", "10.211.0.2/24"]), Self.plan(1, addresses: []),
                     Self.plan(2, addresses: ["10.212.0.2/24"], up: false), Self.plan(3, addresses: ["10.213.0.2/16"])]
        let announced = SystemNetwork.announcedInterfaces(plans, hostLinks: ["cbhav0", "cbhav1", "cbhav2", "cbhav3"])
        #expect(announced == [
            AnnouncedInterface(interface: "eth0", hostLink: "cbhav0", addresses: [IPv4Address(10, 210, 0, 2), IPv4Address(10, 211, 0, 2)]),
            AnnouncedInterface(interface: "eth3", hostLink: "cbhav3", addresses: [IPv4Address(10, 213, 0, 2)]),
        ])
    }

    @Test func noHostEndsNoAnnouncement() {
        #expect(SystemNetwork.announcedInterfaces([Self.plan(0, addresses: ["10.210.0.2/24"])], hostLinks: []).isEmpty)
    }
}
