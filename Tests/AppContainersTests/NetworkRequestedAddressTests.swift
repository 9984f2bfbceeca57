#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
@testable import AppContainers

/// `--ip`: the pool hands out exactly the address asked for, or refuses it with why; the
/// config takes it only with one user-defined network; connect puts it on eth0.
@Suite struct NetworkRequestedAddressTests {
    let subnet = IPv4Prefix(IPv4Address(10, 77, 0, 0), length: 24)

    @Test func takeGivesTheAskedAddressAndRefusesGatewayTakenAndOutside() throws {
        var pool = AddressPool(subnet: subnet, gateway: IPv4Address(10, 77, 0, 1), taken: [IPv4Address(10, 77, 0, 2)])
        try pool.take(IPv4Address(10, 77, 0, 254), network: "n")
        #expect(pool.taken.contains(IPv4Address(10, 77, 0, 254)))
        #expect(try pool.allocate(network: "n") == IPv4Address(10, 77, 0, 3), "the lowest free one is still handed out")
        for (address, errno) in [(IPv4Address(10, 77, 0, 1), EADDRINUSE), (IPv4Address(10, 77, 0, 2), EADDRINUSE),
                                 (IPv4Address(10, 77, 0, 254), EADDRINUSE), (IPv4Address(10, 77, 0, 0), EINVAL),
                                 (IPv4Address(10, 77, 0, 255), EINVAL), (IPv4Address(10, 77, 1, 5), EINVAL)] {
            let error = #expect(throws: CoreError.self, "\(address)") { try pool.take(address, network: "n") }
            #expect(error?.errno == errno, "\(address): \(error.map { "\($0)" } ?? "")")
        }
    }

    @Test func configTakesAnAddressOnlyWithOneUserNetwork() throws {
        #expect(try AppContainerConfig(image: "busybox").requestedAddress() == nil)
        let on = AppContainerConfig(image: "busybox", networks: ["front"], ipv4Address: "10.77.0.9")
        #expect(try on.requestedAddress() == IPv4Address(10, 77, 0, 9))
        for config in [AppContainerConfig(image: "busybox", ipv4Address: "10.77.0.9"),
                       AppContainerConfig(image: "busybox", networks: ["host"], ipv4Address: "10.77.0.9"),
                       AppContainerConfig(image: "busybox", networks: ["a", "b"], ipv4Address: "10.77.0.9"),
                       AppContainerConfig(image: "busybox", networks: ["front"], ipv4Address: "10.77.0")] {
            let error = #expect(throws: CoreError.self) { try config.requestedAddress() }
            #expect(error?.errno == EINVAL)
        }
    }

    @Test func connectPutsTheAskedAddressOnTheFirstNetwork() throws {
        let f = try NetworkConnectTests.Fixture()
        defer { f.dir.remove() }
        _ = try f.store.create(name: "front", subnet: "10.77.42.0/24")
        let attachments = try f.networking.connect(containerID: "cccc1111dddd2222", name: "moved", networks: ["front"], pid: getpid(),
                                                   hostsFile: nil, address: IPv4Address(10, 77, 42, 200))
        #expect(attachments.map(\.address) == ["10.77.42.200/24"])
        #expect(try f.store.members(of: "front").map(\.address) == ["10.77.42.200"])
        let taken = #expect(throws: CoreError.self) {
            try f.networking.connect(containerID: "eeee1111ffff2222", name: "second", networks: ["front"], pid: getpid(),
                                     hostsFile: nil, address: IPv4Address(10, 77, 42, 200))
        }
        #expect(taken?.errno == EADDRINUSE)
        #expect(try f.store.members(of: "front").map(\.containerName) == ["moved"], "the refused one left nothing")
    }
}
