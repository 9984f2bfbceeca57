#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

/// connect/disconnect against recording netlink sockets: what is made on the host and inside,
/// the members recorded, the hosts files written, and the undo on failure.
@Suite struct NetworkConnectTests {
    struct Fixture {
        let dir: NetworkTestDirectory
        let store: AppNetworkStore
        let host = FakeNetlinkLinks(existing: ["lo"])
        let inside = FakeNetlinkLinks(existing: ["lo", "eth0", "eth1"])
        var networking: AppNetworking {
            AppNetworking(store: store, host: host.netlink, containerNetlink: { [inside] _ in inside.netlink })
        }

        init() throws {
            dir = try NetworkTestDirectory("network")
            store = dir.store()
        }

        func hostsFile(_ name: String) throws -> String {
            let directory = dir.path + "/" + name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = try HostsFile.prepare(in: directory, mode: .networks([]))
            return directory + "/hosts"
        }
    }

    @Test func connectMakesBridgeVethAddressAndHostsFile() throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        let network = try f.store.create(name: "front", subnet: "10.77.40.0/24")
        let hosts = try f.hostsFile("web")
        let attachments = try f.networking.connect(containerID: "aaaa1111bbbb2222", name: "web", networks: ["front"],
                                                   pid: getpid(), hostsFile: hosts)
        #expect(attachments == [AppNetworkAttachment(network: "front", interface: "eth0", address: "10.77.40.2/24",
                                                     gateway: "10.77.40.1", hostLink: "cbenchaaaa111v0", bridge: network.bridge)])
        #expect(f.host.created == [network.bridge, "cbenchaaaa111v0"])
        #expect(f.host.kinds[network.bridge] == "bridge")
        #expect(f.host.requests.filter { $0 == Netlink.newAddress }.count == 1, "the gateway on the bridge")
        #expect(f.inside.requests.filter { $0 == Netlink.newAddress }.count == 1)
        #expect(!f.host.requests.contains(Netlink.newRoute) && !f.inside.requests.contains(Netlink.newRoute),
                "no route beyond the subnet's, which the kernel adds")
        #expect(try f.store.members(of: "front").map(\.containerName) == ["web"])
        let text = try String(contentsOfFile: hosts, encoding: .utf8)
        #expect(text.hasPrefix("127.0.0.1\tlocalhost\n"))
        #expect(text.contains("10.77.40.2\tweb aaaa1111bbbb\n"), "\(text)")
    }

    @Test func secondMemberIsSeenByTheFirstInPlaceAndLeavingUpdatesIt() throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        let network = try f.store.create(name: "back", subnet: "10.77.41.0/24")
        let webHosts = try f.hostsFile("web")
        let dbHosts = try f.hostsFile("db")
        var before = stat()
        stat(webHosts, &before)
        _ = try f.networking.connect(containerID: "1111", name: "web", networks: ["back"], pid: getpid(), hostsFile: webHosts)
        _ = try f.networking.connect(containerID: "2222", name: "db", networks: ["back"], pid: getpid(), hostsFile: dbHosts)
        let web = try String(contentsOfFile: webHosts, encoding: .utf8)
        #expect(web.contains("10.77.41.2\tweb 1111\n10.77.41.3\tdb 2222\n"), "\(web)")
        let db = try String(contentsOfFile: dbHosts, encoding: .utf8)
        #expect(db.contains("10.77.41.3\tdb 2222\n10.77.41.2\tweb 1111\n"), "\(db)")
        var after = stat()
        stat(webHosts, &after)
        #expect(before.st_ino == after.st_ino, "rewritten in place: the bind mount keeps the inode")

        try f.networking.disconnect(containerID: "2222")
        #expect(f.host.deleted == ["cbench2222v0"])
        #expect(!(try String(contentsOfFile: webHosts, encoding: .utf8)).contains("db"))
        #expect(f.host.present.contains(network.bridge), "web still uses the bridge")
        try f.networking.disconnect(containerID: "1111")
        #expect(!f.host.present.contains(network.bridge), "the last one out takes the bridge")
        #expect(try f.store.members(of: "back").isEmpty)
        try f.store.remove("back")
    }

    @Test func failureInsideUndoesEverything() throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        let network = try f.store.create(name: "bad", subnet: "10.77.42.0/24")
        f.inside.failing = Netlink.newAddress
        #expect(throws: CoreError.self) {
            try f.networking.connect(containerID: "3333", name: "x", networks: ["bad"], pid: getpid(), hostsFile: nil)
        }
        #expect(f.host.deleted == ["cbench3333v0", network.bridge])
        #expect(f.host.present == ["lo"])
        #expect(try f.store.members(of: "bad").isEmpty)
    }

    @Test func twoNetworksGiveEth0AndEth1() throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        try f.store.create(name: "one", subnet: "10.77.43.0/24")
        try f.store.create(name: "two", subnet: "10.77.44.0/24")
        let attachments = try f.networking.connect(containerID: "4444", name: "app", networks: ["one", "two"], pid: getpid(), hostsFile: nil)
        #expect(attachments.map(\.interface) == ["eth0", "eth1"])
        #expect(attachments.map(\.address) == ["10.77.43.2/24", "10.77.44.2/24"])
        try f.networking.disconnect(containerID: "4444")
        #expect(f.host.present == ["lo"])
    }

    @Test func deadMembersGiveTheirAddressBack() throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        try f.store.create(name: "reuse", subnet: "10.77.45.0/24")
        let dead = AppNetworkMember(containerID: "dead", containerName: "gone", address: IPv4Address(10, 77, 45, 2),
                                    interface: "eth0", hostLink: "cbenchdeadv0", hostsFile: nil, pid: getpid(), pidStartTime: 1)
        try f.store.saveMembers([dead], of: "reuse")
        #expect(try f.store.members(of: "reuse").isEmpty, "a start time that does not match: gone")
        let attachments = try f.networking.connect(containerID: "5555", name: "new", networks: ["reuse"], pid: getpid(), hostsFile: nil)
        #expect(attachments.first?.address == "10.77.45.2/24")
        try f.networking.disconnect(containerID: "5555")
    }

    @Test func noneAndHostMakeNothing() throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        #expect(try f.networking.connect(containerID: "6", name: "n", networks: ["none"], pid: getpid(), hostsFile: nil).isEmpty)
        #expect(try f.networking.connect(containerID: "7", name: "h", networks: ["host"], pid: getpid(), hostsFile: nil).isEmpty)
        #expect(f.host.requests.isEmpty && f.inside.requests.isEmpty)
        try f.networking.disconnect(containerID: "6")
    }
}
